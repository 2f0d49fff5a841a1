"""The tree model over the core's nodes: Qt's model tester and lazy structure."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QModelRoleData, QModelRoleDataSpan, Qt
from PySide6.QtWidgets import QTreeView

from viewer.core.tree import NOTE, TOPIC
from viewer.session.trees import vault_trees
from viewer.ui.tree_delegate import CountDelegate
from viewer.ui.tree_model import CountRole, KindRole, LabelRole, NoteRole, TreeModel


def test_model_passes_qt_model_tester(qtmodeltester, sample_vault):
    model = TreeModel()
    model.set_root(vault_trees(sample_vault))
    qtmodeltester.check(model, force_py=True)


def test_every_row_is_enabled_and_selectable_and_never_editable(sample_vault):
    # Answered by Qt's C++ base class (no Python call per row): the flags a row needs.
    model = TreeModel()
    model.set_root(vault_trees(sample_vault))
    folder = model.index(0, 0)
    for index in (folder, model.index(0, 0, folder)):
        assert model.flags(index) == Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


def test_model_exposes_notes_folders_and_topics(sample_vault):
    model = TreeModel()
    model.set_root(vault_trees(sample_vault))
    labels = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert labels[:4] == ["deepcast", "field-signals", "library", "makers-hour"]
    assert "Welcome" in labels
    section = model.index(model.rowCount() - 1, 0)
    assert section.data().startswith("Mentioned, no note (3)")
    first_topic = model.index(0, 0, section)
    assert first_topic.data(KindRole) == TOPIC
    assert first_topic.data().startswith("Ada Moreno")  # most mentioned first (6)
    deepcast = model.index(0, 0)
    assert deepcast.data(NoteRole) == "deepcast/deepcast.md"  # the channel index is its page
    children = [model.index(r, 0, deepcast).data(NoteRole) for r in range(model.rowCount(deepcast))]
    assert "deepcast/deepcast.md" not in children
    assert all(model.index(r, 0, deepcast).data(KindRole) == NOTE for r in range(len(children)))


def test_parent_of_child_round_trips(sample_vault):
    model = TreeModel()
    model.set_root(vault_trees(sample_vault))
    library = next(
        model.index(r, 0) for r in range(model.rowCount()) if model.index(r, 0).data() == "library"
    )
    reading = next(
        model.index(r, 0, library)
        for r in range(model.rowCount(library))
        if model.index(r, 0, library).data() == "reading"
    )
    assert model.parent(reading) == library
    assert not model.parent(library).isValid()


def test_a_row_answers_every_role_at_once_as_it_answers_each(sample_vault):
    model = TreeModel()
    model.set_root(vault_trees(sample_vault))
    section = model.index(model.rowCount() - 1, 0)
    rows = [model.index(0, 0), model.index(0, 0, model.index(0, 0)), section]
    rows.append(model.index(0, 0, section))
    roles = [*map(int, Qt.ItemDataRole), KindRole, NoteRole, LabelRole, CountRole]
    for index in rows:
        for role in roles:
            slot = QModelRoleData(role)
            slot.setData("stale")  # a slot Qt reuses holds the last row's value
            model.multiData(index, QModelRoleDataSpan(slot))
            assert slot.data() == model.data(index, role), (index.data(), role)


def test_painting_the_tree_asks_each_row_once(qtbot, sample_vault):
    # Qt 6 asks a row's roles in one call (`multiData`): painting calls `data` for none of
    # them, where it called it seven times a row, each call waiting for the interpreter.
    model = TreeModel()
    model.set_root(vault_trees(sample_vault))
    view = QTreeView()
    qtbot.addWidget(view)
    view.setItemDelegate(CountDelegate(view))
    view.setModel(model)
    view.expandAll()
    view.resize(320, 600)
    asked: list[int] = []
    answered: list[int] = []
    model.data = lambda index, role=0: asked.append(role) or TreeModel.data(model, index, role)
    multi = model.multiData
    model.multiData = lambda index, span: answered.append(index.row()) or multi(index, span)
    view.viewport().grab()
    assert len(answered) >= 10  # the rows painted
    painted_with = {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole}
    painted_with |= {Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole}
    assert not painted_with & set(asked)
    assert len(asked) < len(answered)


def test_a_replaced_tree_is_freed_after_the_new_one_is_shown(qtbot, sample_vault):
    # Freeing 100,000 rows takes the GUI thread about 30 ms: not while the tree is swapped.
    import weakref

    model = TreeModel()
    model.set_root(vault_trees(sample_vault))
    old = weakref.ref(model.root())
    model.set_root(vault_trees(sample_vault))
    assert old() is not None
    qtbot.waitUntil(lambda: old() is None)
    model.set_root(model.root())  # the same tree again: nothing to free
    assert model.root().children
