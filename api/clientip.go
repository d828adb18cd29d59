package api

import (
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// TrustedProxies are the reverse proxies whose X-Forwarded-For the service
// believes. A request from elsewhere is keyed on its own address: a client
// cannot choose its rate-limit key by sending the header itself.
type TrustedProxies []netip.Prefix

// ParseTrustedProxies reads a comma-separated list of addresses and CIDR
// prefixes (10.0.0.0/8, 127.0.0.1, ::1).
func ParseTrustedProxies(list string) (TrustedProxies, error) {
	var out TrustedProxies
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, err
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, err
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

func (t TrustedProxies) trusts(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range t {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ClientAddr is the address a request is attributed to: the peer, or, when
// the peer is a trusted proxy, the rightmost address of X-Forwarded-For
// that is not itself a trusted proxy (the leftmost ones are whatever the
// client wrote).
func (t TrustedProxies) ClientAddr(peer netip.Addr, forwardedFor []string) netip.Addr {
	peer = peer.Unmap()
	if len(t) == 0 || !t.trusts(peer) {
		return peer
	}
	client := peer
	for i := len(forwardedFor) - 1; i >= 0; i-- {
		hops := strings.Split(forwardedFor[i], ",")
		for j := len(hops) - 1; j >= 0; j-- {
			a, err := netip.ParseAddr(strings.TrimSpace(hops[j]))
			if err != nil {
				return client // a malformed hop: stop at the last one believed
			}
			client = a.Unmap()
			if !t.trusts(client) {
				return client
			}
		}
	}
	return client
}

// clientKey is the rate-limit key of a request.
func (h *handlers) clientKey(c *fiber.Ctx) string {
	peer, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok {
		return c.IP()
	}
	var xff []string
	c.Request().Header.VisitAll(func(k, v []byte) {
		if strings.EqualFold(string(k), fiber.HeaderXForwardedFor) {
			xff = append(xff, string(v))
		}
	})
	return h.TrustedProxies.ClientAddr(peer, xff).String()
}
