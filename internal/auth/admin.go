package auth

import (
	"context"
	"time"
)

// AccountInfo is an account as the administrators and the access review
// see it (Điều 7 khoản 1: rà soát, kiểm tra).
type AccountInfo struct {
	Account
	Grants            []Grant
	CreatedBy         string
	CreatedAt         time.Time
	StateReason       string
	StateChangedBy    string
	StateChangedAt    *time.Time
	PasswordChangedAt time.Time
	LastLoginAt       *time.Time
	LastLoginIP       string
	Sessions          int // open sessions now
}

// AdminStore manages accounts. Every method takes the acting principal's
// name for the audit trail; state changes other than active end the
// account's sessions in the same transaction (effective at once).
type AdminStore interface {
	CreateAccount(ctx context.Context, actor string, a Account, grants []Grant) (int64, error)
	Accounts(ctx context.Context) ([]AccountInfo, error)
	AccountInfo(ctx context.Context, id int64) (AccountInfo, error)
	AddGrant(ctx context.Context, actor string, accountID int64, g Grant) error
	RemoveGrant(ctx context.Context, actor string, accountID, grantID int64) error
	SetAccountState(ctx context.Context, actor string, id int64, state AccountState, reason string) error
	SetPassword(ctx context.Context, actor string, id int64, hash string) error
}
