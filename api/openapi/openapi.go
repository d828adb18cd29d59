package openapi

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

//go:embed openapi.yaml
var source []byte

//go:embed page ui
var files embed.FS

// Source is the document as written (YAML).
func Source() []byte { return source }

// Load parses the embedded document and validates it as OpenAPI 3.
func Load() (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(source)
	if err != nil {
		return nil, fmt.Errorf("openapi: load the document: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi: the document is not valid OpenAPI: %w", err)
	}
	return doc, nil
}

var jsonOnce = sync.OnceValues(func() ([]byte, error) {
	doc, err := Load()
	if err != nil {
		return nil, err
	}
	return json.Marshal(doc)
})

// JSON is the document as JSON, built once.
func JSON() ([]byte, error) { return jsonOnce() }

// Asset is a file of the reference page.
type Asset struct {
	Body        []byte
	ContentType string
	ETag        string
}

// PagePath is where the reference page is served; its assets are below it.
const PagePath = "/api/docs"

var assetsOnce = sync.OnceValues(func() (map[string]Asset, error) {
	out := map[string]Asset{}
	for _, dir := range []string{"page", "ui"} {
		entries, err := fs.ReadDir(files, dir)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.IsDir() || e.Name() == "VERSION" {
				continue
			}
			b, err := fs.ReadFile(files, dir+"/"+e.Name())
			if err != nil {
				return nil, err
			}
			if _, dup := out[e.Name()]; dup {
				return nil, fmt.Errorf("openapi: two page files named %s", e.Name())
			}
			out[e.Name()] = newAsset(e.Name(), b)
		}
	}
	if _, ok := out["index.html"]; !ok {
		return nil, fmt.Errorf("openapi: no page/index.html")
	}
	return out, nil
})

// Assets are the files of the reference page by name: index.html (the page
// itself, served at PagePath), its script and the renderer's files and
// licence (served at PagePath/name).
func Assets() (map[string]Asset, error) { return assetsOnce() }

func newAsset(name string, b []byte) Asset {
	var ct string
	switch path.Ext(name) {
	case ".html":
		ct = "text/html; charset=utf-8"
	case ".js":
		ct = "text/javascript; charset=utf-8"
	case ".css":
		ct = "text/css; charset=utf-8"
	case "":
		ct = "text/plain; charset=utf-8" // LICENSE
	default:
		if ct = mime.TypeByExtension(path.Ext(name)); ct == "" {
			ct = "application/octet-stream"
		}
	}
	sum := sha256.Sum256(b)
	return Asset{Body: b, ContentType: ct, ETag: `"` + hex.EncodeToString(sum[:8]) + `"`}
}
