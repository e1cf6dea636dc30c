-- Custom SQL migration file, put your code below! --
-- hand-written: every change to what a session stands for is announced on the channel `mehvar_auth`, whichever code
-- (or person at a psql prompt) makes it, so each app instance can drop the sessions it keeps in memory
-- (server/modules/auth/session-cache.ts). NOTIFY is delivered when the transaction commits, never after a rollback.
-- Payloads: 's:<session id>' (a session ended or changed), 'u:<user id>' (a user's name, email, team, role, password or
-- active flag changed, or the user was deleted), '*' (a role's permissions changed or a role was deleted: every user).
-- The sliding expiry (last_seen_at and a later expires_at, once a minute a session) and a login's last_login_at announce
-- nothing.
CREATE OR REPLACE FUNCTION mehvar_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'sessions' THEN
    PERFORM pg_notify('mehvar_auth', 's:' || OLD.id);
  ELSIF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('mehvar_auth', 'u:' || OLD.id::text);
  ELSE
    PERFORM pg_notify('mehvar_auth', '*');
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER sessions_auth_changed AFTER DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION mehvar_auth_changed();
--> statement-breakpoint
CREATE TRIGGER sessions_auth_updated AFTER UPDATE ON sessions FOR EACH ROW
  WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id OR OLD.csrf_token IS DISTINCT FROM NEW.csrf_token OR NEW.expires_at < OLD.expires_at OR OLD.id IS DISTINCT FROM NEW.id)
  EXECUTE FUNCTION mehvar_auth_changed();
--> statement-breakpoint
CREATE TRIGGER users_auth_changed AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION mehvar_auth_changed();
--> statement-breakpoint
CREATE TRIGGER users_auth_updated AFTER UPDATE ON users FOR EACH ROW
  WHEN ((OLD.id, OLD.name, OLD.email, OLD.team_id, OLD.role_id, OLD.active, OLD.password_hash) IS DISTINCT FROM (NEW.id, NEW.name, NEW.email, NEW.team_id, NEW.role_id, NEW.active, NEW.password_hash))
  EXECUTE FUNCTION mehvar_auth_changed();
--> statement-breakpoint
CREATE TRIGGER roles_auth_changed AFTER DELETE ON roles FOR EACH STATEMENT EXECUTE FUNCTION mehvar_auth_changed();
--> statement-breakpoint
CREATE TRIGGER roles_auth_updated AFTER UPDATE ON roles FOR EACH ROW
  WHEN ((OLD.id, OLD.key, OLD.permissions) IS DISTINCT FROM (NEW.id, NEW.key, NEW.permissions))
  EXECUTE FUNCTION mehvar_auth_changed();
