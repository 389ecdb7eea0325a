package pgcluster_test

import (
	"context"
	"log"
	"os"

	"github.com/moj-portal/tiepnhan/internal/pgcluster"
)

// A demo keeps its cluster in var/pg: the first run initialises it, later
// runs reuse the data. The cluster stops with the program.
func ExampleStart() {
	ctx := context.Background()
	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: "var/pg", Log: os.Stderr})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Stop(ctx)
	if err := c.CreateDatabase(ctx, "tiepnhan"); err != nil {
		log.Print(err) // already exists on later runs
	}
	log.Println("database at", c.DSN("tiepnhan"))
}
