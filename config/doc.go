// Package config is what differs between the bureaus that run namescope:
// the registration authorities served, their names and the texts pages and
// messages show, rate limits, trusted proxies, and the settings the
// supervision and credit modules read (grace periods, sampling ratios per
// credit-risk class, repair and publication periods).
//
// Default is today's behaviour (平顶山市, 410400); it is the only place,
// beside the division data of dict and the demo registry, that names the
// city. A TOML file read by Load replaces what it names (strict: an
// unknown key is an error naming the key), NAMESCOPE_* variables
// (ApplyEnv) override the file, and the binary's flags override both. The
// result is checked by Validate, which also fills what an authority leaves
// out (its name from the division data, its bureau and page title from the
// name).
//
// Authorities: the list is what one process serves, so one process can
// serve several cities (or a province, city by city). The default
// authority is the one the pages start with, the one a check without an
// authority uses on the command line, and the scope of a registry search
// that names none. A request naming a division outside the list is
// accepted as before unless restrict_to_served is set: then it is refused
// (400) by the name checker.
package config
