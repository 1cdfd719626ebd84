-- User names are unique by their key (Latch.Core.Directory.UserNames: NFKC and lower case), so "alex" and "ALEX"
-- cannot be two users. Start-up fills the key of the users created before (SQL alone cannot normalize Unicode);
-- a user whose name clashes with an older user's keeps no key: it stays as it is, and new names are checked
-- against the older user's key.
ALTER TABLE users ADD COLUMN user_name_key TEXT;
CREATE UNIQUE INDEX users_by_name_key ON users (user_name_key);
