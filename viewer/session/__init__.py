"""What a reading session is, without widgets: pages and their kinds, history, navigation
rules, per-vault reading state. Pure Python (never imports Qt), so every rule the window
follows is tested without a display; `viewer.ui` only draws it and routes input to it."""
