package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// TNEF attribute ids ([MS-OXTNEF] §2.1.3.2): the high word is the type, the low word the id.
const (
	tnefSignature     = 0x223E9F78
	attTnefVersion    = 0x00089006
	attOemCodepage    = 0x00069007
	attMessageClass   = 0x00078008
	attBody           = 0x0002800C
	attAttachRenddata = 0x00069002
	attAttachTitle    = 0x00018010
	attAttachData     = 0x0006800F
	lvlMessage        = 0x01
	lvlAttachment     = 0x02
)

// tnef writes a winmail.dat the way Outlook does when it sends Rich Text to a recipient it
// believes runs Outlook: the body and the attachments travel inside one TNEF stream, in the
// legacy attribute encoding of [MS-OXTNEF] §2.1.3 (checksum = sum of the data bytes mod 65536).
func tnef(body string, atts []Attachment) ([]byte, error) {
	var b bytes.Buffer
	le := binary.LittleEndian
	put := func(level byte, id uint32, data []byte) {
		b.WriteByte(level)
		var h [8]byte
		le.PutUint32(h[0:], id)
		le.PutUint32(h[4:], uint32(len(data)))
		b.Write(h[:])
		b.Write(data)
		var sum uint16
		for _, c := range data {
			sum += uint16(c)
		}
		var cs [2]byte
		le.PutUint16(cs[:], sum)
		b.Write(cs[:])
	}
	var hdr [6]byte
	le.PutUint32(hdr[0:], tnefSignature)
	le.PutUint16(hdr[4:], 0x0001) // legacy key
	b.Write(hdr[:])
	put(lvlMessage, attTnefVersion, []byte{0x00, 0x00, 0x01, 0x00})
	put(lvlMessage, attOemCodepage, []byte{0xE2, 0x04, 0, 0, 0, 0, 0, 0}) // 1250+8 = 1258
	put(lvlMessage, attMessageClass, []byte("IPM.Microsoft Mail.Note\x00"))
	put(lvlMessage, attBody, append(encode1258(body), 0))
	for _, a := range atts {
		for _, c := range a.Name {
			if c >= 0x80 {
				return nil, fmt.Errorf("tnef attachment name %q must be ASCII", a.Name)
			}
		}
		rend := make([]byte, 14)
		le.PutUint16(rend[0:], 1) // AttachTypeFile
		le.PutUint32(rend[2:], 0xFFFFFFFF)
		le.PutUint16(rend[6:], 0xFFFF)
		le.PutUint16(rend[8:], 0xFFFF)
		put(lvlAttachment, attAttachRenddata, rend)
		put(lvlAttachment, attAttachTitle, []byte(a.Name+"\x00"))
		put(lvlAttachment, attAttachData, a.Data)
	}
	return b.Bytes(), nil
}
