"""On PostgreSQL the audit tables refuse UPDATE and DELETE.

Two exceptions: the retention prune (`audit.services.audit_prune`) may delete rows older than the
cutoff it declares with `SET LOCAL hrmatch.audit_prune_before`, and deleting a user may clear the
`actor_id` of the rows that name them (their foreign key is SET_NULL; the row keeps the actor's name
or e-mail as it was). SQLite (the embedded demo) has no such triggers. TRUNCATE needs the table
owner's privilege, which the application's database role should not hold in production (and test
databases are flushed with it).
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION hrmatch_audit_append_only() RETURNS trigger AS $$
DECLARE
    cutoff text := current_setting('hrmatch.audit_prune_before', true);
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF cutoff IS NOT NULL AND cutoff <> ''
           AND (to_jsonb(OLD) ->> TG_ARGV[0])::timestamptz < cutoff::timestamptz THEN
            RETURN OLD;
        END IF;
    ELSIF TG_OP = 'UPDATE' THEN
        IF NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
           AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit rows are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

TABLES = {
    "auditlog_logentry": "timestamp",
    "audit_accesslog": "at",
    "audit_accessedworker": "at",
}


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)  # its % are PL/pgSQL, not placeholders
    for table, column in TABLES.items():
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION hrmatch_audit_append_only('{column}')"
        )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS hrmatch_audit_append_only()")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_access_log"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(install, remove)]
