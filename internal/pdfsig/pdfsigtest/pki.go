// Package pdfsigtest makes signed PDFs for tests: a throwaway certificate
// authority and timestamp authority (Go's crypto/x509), PDF signing by
// incremental update (ISO 32000-1 §12.8) with a CMS signature
// (github.com/smallstep/pkcs7) and, when asked, an RFC 3161 timestamp
// token over the signature value. Nothing here is for production keys.
package pdfsigtest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"fmt"
	"math/big"
	"sync/atomic"
	"time"

	"github.com/smallstep/pkcs7"
)

// Key is a certificate with its private key.
type Key struct {
	Cert *x509.Certificate
	Key  crypto.Signer
}

// PEM is the certificate in PEM, as an administrator drops it in a trust
// store directory.
func (k Key) PEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: k.Cert.Raw})
}

var serial atomic.Int64

// NewRoot makes a self-signed root CA valid from notBefore to notAfter.
func NewRoot(name string, notBefore, notAfter time.Time) (Key, error) {
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: name, Organization: []string{name}, Country: []string{"VN"}},
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	return issue(tmpl, Key{})
}

// Issue makes a certificate signed by ca for subject.
func (ca Key) Issue(subject pkix.Name, notBefore, notAfter time.Time) (Key, error) {
	tmpl := &x509.Certificate{
		Subject:   subject,
		NotBefore: notBefore,
		NotAfter:  notAfter,
		KeyUsage:  x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
	}
	return issue(tmpl, ca)
}

// IssueTSA makes a timestamping certificate signed by ca (RFC 3161 §2.3:
// its extended key usage is id-kp-timeStamping).
func (ca Key) IssueTSA(name string, notBefore, notAfter time.Time) (Key, error) {
	tmpl := &x509.Certificate{
		Subject:     pkix.Name{CommonName: name, Organization: []string{name}},
		NotBefore:   notBefore,
		NotAfter:    notAfter,
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping},
	}
	return issue(tmpl, ca)
}

func issue(tmpl *x509.Certificate, parent Key) (Key, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return Key{}, err
	}
	tmpl.SerialNumber = big.NewInt(1000 + serial.Add(1))
	parentCert, parentKey := tmpl, crypto.Signer(key)
	if parent.Cert != nil {
		parentCert, parentKey = parent.Cert, parent.Key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parentCert, key.Public(), parentKey)
	if err != nil {
		return Key{}, fmt.Errorf("create certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return Key{}, err
	}
	return Key{Cert: cert, Key: key}, nil
}

var (
	oidTSTInfo            = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
	oidSignatureTimeStamp = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}
)

type messageImprint struct {
	HashAlgorithm pkix.AlgorithmIdentifier
	HashedMessage []byte
}

type tstInfo struct {
	Version        int
	Policy         asn1.ObjectIdentifier
	MessageImprint messageImprint
	SerialNumber   *big.Int
	GenTime        time.Time `asn1:"generalized"`
}

// Token is the RFC 3161 timestamp token (§2.4.2) the authority tsa issues
// at the instant at over the bytes imprinted (SHA-256 imprint).
func Token(tsa Key, imprinted []byte, at time.Time) ([]byte, error) {
	sum := sha256.Sum256(imprinted)
	info, err := asn1.Marshal(tstInfo{
		Version:        1,
		Policy:         asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 99999, 1},
		MessageImprint: messageImprint{pkix.AlgorithmIdentifier{Algorithm: pkcs7.OIDDigestAlgorithmSHA256}, sum[:]},
		SerialNumber:   big.NewInt(serial.Add(1)),
		GenTime:        at.UTC(),
	})
	if err != nil {
		return nil, err
	}
	sd, err := pkcs7.NewSignedData(info)
	if err != nil {
		return nil, err
	}
	sd.GetSignedData().ContentInfo.ContentType = oidTSTInfo
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
	if err := sd.AddSigner(tsa.Cert, tsa.Key, pkcs7.SignerInfoConfig{}); err != nil {
		return nil, fmt.Errorf("sign token: %w", err)
	}
	return sd.Finish()
}
