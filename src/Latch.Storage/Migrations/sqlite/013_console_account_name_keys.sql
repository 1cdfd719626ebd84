-- Console account names are unique by the same key as users' names (migration 011): "admin" and "ADMIN" cannot be
-- two accounts, and either signs in to the one. Start-up fills the key of the accounts created before; an account
-- whose name clashes with an older account's keeps no key and signs in by its exact name only.
ALTER TABLE console_accounts ADD COLUMN user_name_key TEXT;
CREATE UNIQUE INDEX console_accounts_by_name_key ON console_accounts (user_name_key);
