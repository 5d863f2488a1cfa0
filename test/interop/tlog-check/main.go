// Command tlog-check answers, with Go's reference code (golang.org/x/mod/sumdb/note and
// golang.org/x/mod/sumdb/tlog), whether the notes, checkpoints and proofs authtrail writes hold,
// and writes keys and notes of its own for authtrail to read. It reads one JSON request on stdin
// and writes one JSON verdict per item on stdout; a verdict that fails carries Go's error text.
package main

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type request struct {
	VerifierKeys []string          `json:"verifierKeys"`
	Checkpoints  []checkpointItem  `json:"checkpoints"`
	Leaves       []string          `json:"leaves"`
	Inclusion    []inclusionItem   `json:"inclusion"`
	Consistency  []consistencyItem `json:"consistency"`
	Sign         []signItem        `json:"sign"`
}

// A signed checkpoint note, named so that proofs can refer to the tree it describes.
type checkpointItem struct {
	ID   string `json:"id"`
	Note string `json:"note"`
}

// A proof that Leaves[Index] is in the tree of the named checkpoint.
type inclusionItem struct {
	ID         string   `json:"id"`
	Checkpoint string   `json:"checkpoint"`
	Index      int64    `json:"index"`
	Proof      []string `json:"proof"`
}

// A proof that the tree of checkpoint To extends the tree of checkpoint From.
type consistencyItem struct {
	ID    string   `json:"id"`
	From  string   `json:"from"`
	To    string   `json:"to"`
	Proof []string `json:"proof"`
}

// A text for Go to sign, with the given private key or, when none is given, a new key named KeyName.
type signItem struct {
	ID         string `json:"id"`
	Text       string `json:"text"`
	PrivateKey string `json:"privateKey,omitempty"`
	KeyName    string `json:"keyName,omitempty"`
}

type verdict struct {
	ID    string `json:"id"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

type checkpointVerdict struct {
	verdict
	Origin string `json:"origin,omitempty"`
	Size   int64  `json:"size,omitempty"`
	Root   string `json:"root,omitempty"`
}

type signed struct {
	ID          string `json:"id"`
	PrivateKey  string `json:"privateKey"`
	VerifierKey string `json:"verifierKey"`
	Note        string `json:"note"`
}

type response struct {
	Checkpoints  []checkpointVerdict `json:"checkpoints"`
	StoredHashes []string            `json:"storedHashes"`
	Inclusion    []verdict           `json:"inclusion"`
	Consistency  []verdict           `json:"consistency"`
	Signed       []signed            `json:"signed"`
}

func main() {
	var req request
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		fail("reading the request: %v", err)
	}
	verifiers, err := verifierList(req.VerifierKeys)
	if err != nil {
		fail("reading a verifier key: %v", err)
	}
	res := response{
		Checkpoints: []checkpointVerdict{},
		Inclusion:   []verdict{},
		Consistency: []verdict{},
		Signed:      []signed{},
	}
	trees := map[string]tlog.Tree{}
	for _, item := range req.Checkpoints {
		tree, origin, err := openCheckpoint(item.Note, verifiers)
		v := checkpointVerdict{verdict: result(item.ID, err)}
		if err == nil {
			trees[item.ID] = tree
			v.Origin, v.Size, v.Root = origin, tree.N, tree.Hash.String()
		}
		res.Checkpoints = append(res.Checkpoints, v)
	}
	leaves, err := decodeAll(req.Leaves)
	if err != nil {
		fail("reading the leaves: %v", err)
	}
	hashes, err := storedHashes(leaves)
	if err != nil {
		fail("storing the leaves: %v", err)
	}
	for _, h := range hashes {
		res.StoredHashes = append(res.StoredHashes, h.String())
	}
	for _, item := range req.Inclusion {
		res.Inclusion = append(res.Inclusion, result(item.ID, checkInclusion(item, trees, leaves)))
	}
	for _, item := range req.Consistency {
		res.Consistency = append(res.Consistency, result(item.ID, checkConsistency(item, trees)))
	}
	for _, item := range req.Sign {
		s, err := sign(item)
		if err != nil {
			fail("signing %s: %v", item.ID, err)
		}
		res.Signed = append(res.Signed, s)
	}
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		fail("writing the verdicts: %v", err)
	}
}

func verifierList(keys []string) (note.Verifiers, error) {
	var list []note.Verifier
	for _, key := range keys {
		v, err := note.NewVerifier(key)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	return note.VerifierList(list...), nil
}

// openCheckpoint verifies a checkpoint note and reads its tree. tlog.ParseTree reads the
// go.sum database's own checkpoints, whose first line is always "go.sum database tree"; a
// c2sp.org/tlog-checkpoint has the log's origin there and is otherwise the same text, so the
// origin line is swapped for that one and Go's parser reads the size and root hash lines.
func openCheckpoint(text string, verifiers note.Verifiers) (tlog.Tree, string, error) {
	n, err := note.Open([]byte(text), verifiers)
	if err != nil {
		return tlog.Tree{}, "", err
	}
	origin, rest, found := bytes.Cut([]byte(n.Text), []byte("\n"))
	if !found {
		return tlog.Tree{}, "", errors.New("a checkpoint is several lines")
	}
	tree, err := tlog.ParseTree(append([]byte("go.sum database tree\n"), rest...))
	return tree, string(origin), err
}

// storedHashes lays the leaves out as tlog stores them, for comparison with authtrail's layout.
func storedHashes(leaves [][]byte) ([]tlog.Hash, error) {
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, index := range indexes {
			if index < 0 || index >= int64(len(stored)) {
				return nil, fmt.Errorf("no hash stored at %d", index)
			}
			out[i] = stored[index]
		}
		return out, nil
	})
	for n, data := range leaves {
		hashes, err := tlog.StoredHashes(int64(n), data, reader)
		if err != nil {
			return nil, err
		}
		stored = append(stored, hashes...)
	}
	return stored, nil
}

func checkInclusion(item inclusionItem, trees map[string]tlog.Tree, leaves [][]byte) error {
	tree, ok := trees[item.Checkpoint]
	if !ok {
		return fmt.Errorf("no verified checkpoint %q", item.Checkpoint)
	}
	if item.Index < 0 || item.Index >= int64(len(leaves)) {
		return fmt.Errorf("no leaf %d", item.Index)
	}
	proof, err := hashList(item.Proof)
	if err != nil {
		return err
	}
	return tlog.CheckRecord(proof, tree.N, tree.Hash, item.Index, tlog.RecordHash(leaves[item.Index]))
}

func checkConsistency(item consistencyItem, trees map[string]tlog.Tree) error {
	from, fromOK := trees[item.From]
	to, toOK := trees[item.To]
	if !fromOK || !toOK {
		return fmt.Errorf("no verified checkpoints %q and %q", item.From, item.To)
	}
	proof, err := hashList(item.Proof)
	if err != nil {
		return err
	}
	return tlog.CheckTree(proof, to.N, to.Hash, from.N, from.Hash)
}

func sign(item signItem) (signed, error) {
	skey, vkey := item.PrivateKey, ""
	if skey == "" {
		var err error
		if skey, vkey, err = note.GenerateKey(rand.Reader, item.KeyName); err != nil {
			return signed{}, err
		}
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		return signed{}, err
	}
	msg, err := note.Sign(&note.Note{Text: item.Text}, signer)
	if err != nil {
		return signed{}, err
	}
	return signed{ID: item.ID, PrivateKey: skey, VerifierKey: vkey, Note: string(msg)}, nil
}

func hashList(texts []string) ([]tlog.Hash, error) {
	hashes := make([]tlog.Hash, len(texts))
	for i, text := range texts {
		h, err := tlog.ParseHash(text)
		if err != nil {
			return nil, fmt.Errorf("proof hash %d: %v", i, err)
		}
		hashes[i] = h
	}
	return hashes, nil
}

func decodeAll(texts []string) ([][]byte, error) {
	out := make([][]byte, len(texts))
	for i, text := range texts {
		b, err := base64.StdEncoding.DecodeString(text)
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

func result(id string, err error) verdict {
	if err != nil {
		return verdict{ID: id, OK: false, Error: err.Error()}
	}
	return verdict{ID: id, OK: true}
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "tlog-check: "+format+"\n", args...)
	os.Exit(2)
}
