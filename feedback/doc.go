// Package feedback keeps the findings applicants report as wrong: a name
// check answer carries its rules_version, and an applicant who believes one
// of its findings is mistaken reports the name, the finding's code, a note
// and that version. Staff work the reports as a queue (open first in, first
// out) and confirm each as a misjudgement or reject it; confirmed reports
// are the next labelled cases for the rules.
//
// A report is accepted only for a finding the check gives: Submit runs the
// check again on the server, so the queue holds reproducible cases, not
// whatever a client sends.
//
// Key layout: frp/<seq:016x> is one report (store.PrefixReport); its id is
// the sequence number in decimal. Every write stores the report and its
// audit entry (object report/<id>) in one transaction.
package feedback
