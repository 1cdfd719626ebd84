-- A device key made with POST /v1/api-keys is bound to one resource and verifies codes only there, as a door
-- controller's key is bound to its door (through door_controllers). Null for every other key, and for device keys
-- created before this migration: those are refused where they would act on a resource until replaced.
ALTER TABLE api_keys ADD COLUMN resource_pk bigint REFERENCES resources (pk);
