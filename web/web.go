// Package web serves the pages of namescope: the applicant's name
// self-check, business-scope picker and reservation, the public credit
// lookup and lists, and the staff pages (sign-in, dispute desk, registry
// lookup, reported findings, credit files and lists). The pages are plain HTML, CSS
// and JavaScript modules embedded in the binary and built on the HTTP API;
// nothing is fetched from anywhere but this server.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"

	"namescope/config"
	"namescope/dict"
	"namescope/name"
	"namescope/supervision"
)

//go:embed static
var static embed.FS

// pages maps routes to the HTML files that answer them.
var pages = map[string]string{
	"/":               "index.html",
	"/scope":          "scope.html",
	"/reserve":        "reserve.html",
	"/credit":         "credit.html",
	"/credit/lists":   "credit-lists.html",
	"/staff/login":    "staff/login.html",
	"/staff/registry": "staff/registry.html",
	"/staff/disputes": "staff/disputes.html",
	"/staff/reports":  "staff/reports.html",
	"/staff/credit":   "staff/credit.html",
	"/credit/repair":  "credit-repair.html",
	"/credit/red":     "credit-red.html",
	// The printable document; its script reads the id from the path.
	"/credit/docs/:id":   "credit-doc.html",
	"/staff/credit/desk": "staff/credit-desk.html",
	"/staff/supervision": "staff/supervision.html",
	// The case page; its script reads the id from the path.
	"/staff/disputes/:id": "staff/case.html",
}

// asset is one embedded file ready to serve.
type asset struct {
	body        []byte
	contentType string
	etag        string
}

// contentSecurityPolicy allows only this server's own scripts, styles and
// requests.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// Mount adds the pages and their assets to app. Call it after the API
// routes so that /api/v1 keeps priority; it registers no catch-all route.
// The pages name the default one of authorities (validated by
// config.Config.Validate; empty: config.Default()'s) and offer them all.
func Mount(app *fiber.App, authorities []config.Authority) {
	if len(authorities) == 0 {
		authorities = config.Default().Authorities
	}
	assets, err := load(authorities)
	if err != nil {
		panic("web: " + err.Error())
	}
	serve := func(a *asset) fiber.Handler {
		return func(c *fiber.Ctx) error {
			h := &c.Response().Header
			h.Set(fiber.HeaderContentType, a.contentType)
			h.Set(fiber.HeaderCacheControl, "no-cache")
			h.Set(fiber.HeaderETag, a.etag)
			h.Set(fiber.HeaderXContentTypeOptions, "nosniff")
			h.Set(fiber.HeaderReferrerPolicy, "no-referrer")
			if strings.HasPrefix(a.contentType, "text/html") {
				h.Set(fiber.HeaderContentSecurityPolicy, contentSecurityPolicy)
				h.Set(fiber.HeaderXFrameOptions, "DENY")
			}
			if match := c.Get(fiber.HeaderIfNoneMatch); match != "" && match == a.etag {
				return c.SendStatus(fiber.StatusNotModified)
			}
			return c.Send(a.body)
		}
	}
	for route, file := range pages {
		a, ok := assets[file]
		if !ok {
			panic("web: missing page " + file)
		}
		app.Get(route, serve(a))
	}
	app.Get("/staff", func(c *fiber.Ctx) error { return c.Redirect("/staff/disputes", fiber.StatusFound) })
	for file, a := range assets {
		if strings.HasPrefix(file, "assets/") {
			app.Get("/"+file, serve(a))
		}
	}
}

// pageData is what the pages' templates fill in: the texts of the default
// authority.
type pageData struct {
	Code        string // 410100
	Name        string // 郑州市
	Bureau      string // 郑州市市场监督管理局
	Title       string // 郑州市企业名称自主申报
	USCCExample string // a well-formed code issued in the authority's division
	// SanxinCategories are the 9 top categories of the 三新 classification
	// (the filter of the new-economy register).
	SanxinCategories []string
}

func newPageData(a config.Authority) pageData {
	first17 := "91" + a.Code + "MA44XH001"
	d := pageData{Code: a.Code, Name: a.Name, Bureau: a.Bureau, Title: a.Title,
		USCCExample: first17 + string(dict.USCCCheckChar(first17))}
	for _, c := range supervision.SanxinCategories() {
		d.SanxinCategories = append(d.SanxinCategories, c.Name)
	}
	return d
}

// load reads the embedded files, fills the pages' templates and adds the
// generated meta.json.
func load(authorities []config.Authority) (map[string]*asset, error) {
	def := (&config.Config{Authorities: authorities}).DefaultAuthority()
	data := newPageData(def)
	root, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	out := map[string]*asset{}
	err = fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		if path.Ext(p) == ".html" {
			t, err := template.New(p).Option("missingkey=error").Parse(string(b))
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := t.Execute(&buf, data); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			b = buf.Bytes()
		}
		out[p] = newAsset(p, b)
		return nil
	})
	if err != nil {
		return nil, err
	}
	meta, err := json.Marshal(Meta(authorities))
	if err != nil {
		return nil, err
	}
	out["assets/meta.json"] = newAsset("meta.json", meta)
	return out, nil
}

func newAsset(p string, b []byte) *asset {
	ct := mime.TypeByExtension(path.Ext(p))
	switch path.Ext(p) {
	case ".js":
		ct = "text/javascript; charset=utf-8"
	case ".css":
		ct = "text/css; charset=utf-8"
	case ".html":
		ct = "text/html; charset=utf-8"
	case ".json":
		ct = "application/json; charset=utf-8"
	case ".svg":
		ct = "image/svg+xml"
	}
	if ct == "" {
		ct = "application/octet-stream"
	}
	sum := sha256.Sum256(b)
	return &asset{body: b, contentType: ct, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
}

// Option is a choice in a select list.
type Option struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// IndustryGroup is a GB/T 4754-2017 section with its divisions.
type IndustryGroup struct {
	Option
	Divisions []Option `json:"divisions"`
}

// MetaData is what the pages need to build their forms: the authorities
// served with their districts and counties, the default one, the
// enterprise types, the GB/T 4754-2017 sections and divisions, and the
// commitment text of a warning.
type MetaData struct {
	DefaultAuthority string          `json:"default_authority"`
	Authorities      []Option        `json:"authorities"`
	EntTypes         []Option        `json:"ent_types"`
	Industries       []IndustryGroup `json:"industries"`
	Commitment       string          `json:"commitment"`
}

// Meta builds the page metadata from the authorities served (validated)
// and the embedded dictionaries.
func Meta(authorities []config.Authority) MetaData {
	def := (&config.Config{Authorities: authorities}).DefaultAuthority()
	m := MetaData{DefaultAuthority: def.Code, Commitment: name.CommitmentText()}
	for _, a := range authorities {
		r := dict.RegionByCode(a.Code)
		if r == nil || r.Level != dict.City {
			m.Authorities = append(m.Authorities, Option{a.Code, a.Name})
			continue
		}
		m.Authorities = append(m.Authorities, Option{a.Code, a.Name + "（全市）"})
		prefix := a.Code[:4]
		for i := 1; i < 100; i++ {
			d := dict.RegionByCode(fmt.Sprintf("%s%02d", prefix, i))
			if d == nil || d.CityCode != a.Code {
				continue
			}
			m.Authorities = append(m.Authorities, Option{d.Code, a.Name + d.Name})
		}
	}
	for _, t := range dict.EntTypes {
		m.EntTypes = append(m.EntTypes, Option{t, dict.EntTypeLabel(t)})
	}
	for c := 'A'; c <= 'T'; c++ {
		sec, ok := dict.IndustryByCode(string(c))
		if !ok {
			continue
		}
		g := IndustryGroup{Option: Option{string(c), string(c) + " " + sec.Name}}
		for i := 1; i < 100; i++ {
			d, ok := dict.IndustryByCode(fmt.Sprintf("%02d", i))
			if !ok || d.Section != sec.Section {
				continue
			}
			g.Divisions = append(g.Divisions, Option{d.Section + d.Code, d.Code + " " + d.Name})
		}
		m.Industries = append(m.Industries, g)
	}
	return m
}
