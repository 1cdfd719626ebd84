-- The delivery method a person prefers (outbox, email, sms, push, totp); challenges list it first.
ALTER TABLE users ADD COLUMN default_method text;
