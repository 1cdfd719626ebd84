-- A queued message goes to the address its user has when it is sent, not the one they had when it was queued:
-- a phone or email removed in between (say, reported stolen) must not receive the code. So the snapshot of the
-- user's name and addresses taken at queueing goes, and with it the removed addresses it kept.
ALTER TABLE deliveries DROP COLUMN recipient;
