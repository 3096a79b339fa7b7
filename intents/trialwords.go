package intents

import "time"

// TrialClosedSpeech is what a tenant hears while the trial is closed: that
// it starts on start (before is true) or has ended, then how to reach the
// landlord instead. These words have one home: the conversation says them,
// and the staff site shows them beside the trial's dates (PlainText).
func TrialClosedSpeech(start time.Time, before bool, landlordPhone string) string {
	return trialClosed(start, before, landlordPhone).String()
}

func trialClosed(start time.Time, before bool, landlordPhone string) *speech {
	s := say("The Home Helper trial has ended, so I can't help with that now. Thank you for taking part.")
	if before {
		s = say("The Home Helper trial starts on " + spokenDay(start) + ", so I can't help with that yet.")
	}
	return s.text("To report a repair or arrange a visit, please call us on").phone(landlordPhone).
		text(". If you smell gas, leave your home and call").phone(gasEmergencyNumber).text(".")
}
