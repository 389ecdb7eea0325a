package pdfsig

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// LoadRoots reads a trust store: every certificate in the .pem, .crt and
// .cer files at the top of fsys (PEM, or one DER certificate a file), as
// an administrator drops them there (the Government CA roots of Ban Cơ yếu
// Chính phủ, and others). It returns the pool and how many certificates
// it holds; a file that holds none is an error naming it.
func LoadRoots(fsys fs.FS) (*x509.CertPool, int, error) {
	pool := x509.NewCertPool()
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, 0, fmt.Errorf("read trust store: %w", err)
	}
	n := 0
	for _, e := range entries {
		ext := strings.ToLower(path.Ext(e.Name()))
		if e.IsDir() || (ext != ".pem" && ext != ".crt" && ext != ".cer") {
			continue
		}
		b, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, 0, fmt.Errorf("read trust store: %w", err)
		}
		certs, err := parseCerts(b)
		if err != nil || len(certs) == 0 {
			return nil, 0, fmt.Errorf("trust store file %s: no certificate read (%v)", e.Name(), err)
		}
		for _, c := range certs {
			pool.AddCert(c)
		}
		n += len(certs)
	}
	return pool, n, nil
}

func parseCerts(b []byte) ([]*x509.Certificate, error) {
	if !strings.Contains(string(b), "-----BEGIN") {
		c, err := x509.ParseCertificate(b)
		if err != nil {
			return nil, err
		}
		return []*x509.Certificate{c}, nil
	}
	var out []*x509.Certificate
	for {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			return out, nil
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
}
