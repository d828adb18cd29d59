package registry

import "namescope/dict"

// ValidUSCC reports whether code is a unified social credit code with a
// correct check character (see dict.ValidUSCC).
func ValidUSCC(code string) bool { return dict.ValidUSCC(code) }

// USCCCheckChar returns the check character for the first 17 characters.
func USCCCheckChar(first17 string) byte { return dict.USCCCheckChar(first17) }
