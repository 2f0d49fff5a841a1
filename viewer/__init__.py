"""Vault Viewer: a fast, native desktop viewer for linked markdown vaults."""

__version__ = "0.1.0"
APP_NAME = "Vault Viewer"
APP_ID = "io.github.vaultviewer.VaultViewer"
