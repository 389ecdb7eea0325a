package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"sync"

	"github.com/moj-portal/tiepnhan/internal/learn"
	"github.com/moj-portal/tiepnhan/internal/postgres"
)

// ModelSource gives the learned classifier in force (issue 11): the model
// an administrator promoted (table classify_model, `tiepnhan model
// promote`), else the model embedded in the program. A promoted model is
// parsed once per version.
type ModelSource struct {
	mu      sync.Mutex
	version string
	model   *learn.Model
}

// InForce returns the model in force.
func (m *ModelSource) InForce(ctx context.Context, s *postgres.Store, q postgres.Querier) (*learn.Model, error) {
	v, err := s.ModelVersionInForce(ctx, q)
	if err != nil {
		return nil, err
	}
	if v == "" {
		return learn.Default()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.model != nil && m.version == v {
		return m.model, nil
	}
	st, ok, err := s.ModelInForce(ctx, q)
	if err != nil || !ok {
		return nil, fmt.Errorf("model %s in force: %w", v, err)
	}
	lm, err := learn.Load(bytes.NewReader(st.Body))
	if err != nil {
		return nil, fmt.Errorf("model %s in force: %w", v, err)
	}
	m.version, m.model = st.Version, lm
	return lm, nil
}
