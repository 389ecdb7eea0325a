// Package jobs declares the River jobs of the pipeline: their arguments,
// their Kind (stored in the database: never change one) and their insert
// options. The application layers (internal/pipeline, internal/desk,
// internal/deadlines) enqueue them; package workers runs them (kinds.go:
// each kind's use case). One file per job kind, named as its kind.
package jobs
