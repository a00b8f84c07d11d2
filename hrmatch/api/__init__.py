"""The REST API's shared machinery: one error shape, paging, role permissions, schema and viewset bases.

Conventions every app's `api/` package follows:
- reads go through the app's selectors (scoped to the actor), writes through its services;
- an object outside the actor's scope answers 404, exactly like one that does not exist;
- an action the actor's roles can never take answers 403 (401 when not signed in);
- every error, whatever raised it, answers `{"detail": ..., "errors": {field: [messages]}}`.
"""
