// Package jobs declares the River jobs of the pipeline: their arguments,
// their Kind (stored in the database: never change one) and their insert
// options. The application layer (internal/desk) and the watcher enqueue
// them; package workers runs them. One file per job kind, named as the
// worker's file.
package jobs
