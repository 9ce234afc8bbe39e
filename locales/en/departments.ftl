## Editing the department tree

dep-top = 🏢 <b>Company structure</b>
    Add a top-level department or open an existing one in «🏢 Hierarchy».
dep-card =
    🏢 <b>{ $name }</b>
    Numbers in it: { $numbers } · departments inside: { $children }
dep-btn-manage = ✏️ Edit the structure
dep-btn-add = ➕ New department
dep-btn-rename = ✏️ Rename
dep-btn-move = ↪️ Move
dep-btn-delete = 🗑 Delete
dep-btn-delete-yes = 🗑 Yes, delete
dep-ask-new = Send the new department's name (up to 120 characters).
dep-ask-rename = Send the department's new name (up to 120 characters).
dep-ask-move = Where to move the department, with everything inside it?
dep-ask-delete = Delete the department «{ $name }»? This cannot be undone.
dep-to-top = ⬆️ To the top level
dep-done = ✅ Done.
dep-not-found = The department is not among those you may change.
dep-bad-name = A name is 1 to 120 characters. Send another.
dep-duplicate = «{ $name }» already exists here. Send another name.
dep-cycle = A department cannot move inside itself.
dep-not-empty = The department is not empty: { $numbers } numbers, { $children } departments inside. Move them first.
dep-in-use = Someone's access or an invite is tied to this department. Change those first.
