## Users and roles

users-title =
    <b>Users and roles</b>
    Invite a colleague with a link, see who has access, and set what each role may do.
users-invite = ➕ Invite a user
users-list = 👤 Users
roles-list = 🎭 Roles
users-list-title = <b>Users</b> ({ $count })
    Tap a user to see their roles.
users-card =
    <b>{ $name }</b> · { $status }

    { $lines }

    Tap a role to change it, its scope, or revoke it.
users-active = access on
users-inactive = access off
users-no-roles = No roles.
users-not-found = user not found
users-deactivate = 🚫 Switch access off
users-activate = ✅ Switch access on
users-result-done = Done.
users-result-not_found = No such user or role in your company.
users-result-self = You cannot change your own access.
users-result-last_owner = This is the company's last owner: appoint another one first.
users-result-locked = The owner role's permissions cannot be changed.

users-grant-card =
    <b>{ $name }</b>
    Role: { $role }
    Scope: { $scope }

    Role and scope change at once, with no new invite.
users-grant-role = 🎭 Change role
users-grant-scope = 📍 Change scope
users-grant-revoke = ✖️ Revoke role
users-grant-role-prompt = Choose the new role. The scope stays as it is.
users-grant-scope-prompt = Choose what the role covers: the whole company or a department with its sub-departments.
users-result-forbidden = This is beyond your powers: only the company's owner or an admin gives such a role or scope.
users-result-held = The role is not deleted: { $count ->
    [one] { $count } user holds
   *[other] { $count } users hold
    } it. Change their role first.
users-result-builtin = A built-in role cannot be deleted. Copy it and change the copy.
roles-copy = 📄 Copy
roles-delete = 🗑 Delete
roles-copy-prompt = Type a name for the copy of the role «{ $role_name }». Its permissions will be the same; you can change them afterwards.
roles-delete-confirm = Delete the role «{ $role_name }»? Nobody holds it; unused invites with this role go too.
roles-delete-yes = 🗑 Yes, delete
roles-deleted = Role deleted.

roles-title =
    <b>Roles</b>
    A role is a set of permissions; the number after its name is how many times it is granted.
roles-new = ➕ New role
roles-card =
    <b>Role: { $role_name }</b>
    ✅ may perform · 📝 may only request (needs approval) · ⛔ no access
    Tap a permission to change it.
roles-locked = The owner's permissions do not change.
roles-new-prompt = Type the new role's name. It starts with a viewer's permissions (read only).
roles-new-invalid = That name did not work: type it as text.
perm-approve = ✍️ Deciding other people's requests

invite-btn-qr = 📷 QR code
invite-qr-caption = Invite QR code: point a phone camera at it. Single use, valid for { $days ->
    [one] { $days } day
   *[other] { $days } days
    }.

access-off =
    🚫 Your access to the bot was switched off by your company's administrator.
    To get it back, contact: { $contacts }.
access-off-nobody =
    🚫 Your access to the bot was switched off by your company's administrator.
    To get it back, contact your company's administrator.
access-off-short = 🚫 Your access is switched off. Contact your company's administrator.
