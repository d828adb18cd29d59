package dict

import "strings"

// usccChars are the characters of a unified social credit code (统一社会
// 信用代码, GB 32100-2015), in the order of their values 0–30.
const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// USCCCharValue is the value of a character of a code, -1 for a character
// codes do not use (I, O, S, V, Z, lower case …).
func USCCCharValue(c byte) int { return strings.IndexByte(usccChars, c) }

// USCCCheckChar returns the check character for the first 17 characters
// (which must be valid code characters).
func USCCCheckChar(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += USCCCharValue(first17[i]) * usccWeights[i]
	}
	return usccChars[(31-sum%31)%31]
}

// ValidUSCC reports whether code is an 18-character unified social credit
// code with a correct check character.
func ValidUSCC(code string) bool {
	if len(code) != 18 {
		return false
	}
	for i := 0; i < 18; i++ {
		if USCCCharValue(code[i]) < 0 {
			return false
		}
	}
	return code[17] == USCCCheckChar(code[:17])
}
