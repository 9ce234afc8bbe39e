## Faults: what the user reads when something breaks, with an id to quote to support

err-incident = Something went wrong and we are looking into it. Try again or go back to the menu. Incident: <code>{ $id }</code>
err-refused = You have no access to this item.
