-- json_list turns a JSON array of strings into text[]: the intake batch
-- jobs write many rows per statement from unnest() of parallel arrays, and
-- a text[] column (recipients, references, flags) cannot travel that way as
-- a text[][] of ragged rows, so each row's list travels as JSON text.
-- A one-expression SQL function: the planner inlines it.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION json_list(j text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY(SELECT jsonb_array_elements_text(j::jsonb))
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION json_list;
