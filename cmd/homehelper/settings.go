package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
)

// setting is one configurable value: a flag, the environment variable
// behind it, and its default. Keeping them in one table lets `settingsDoc`
// and docs/configuration.md list exactly what the code reads.
type setting struct {
	flag, env, def, help string
}

var settings = []setting{
	{"addr", "HOMEHELPER_ADDR", "127.0.0.1:8080", "address serve listens on"},
	{"data", "HOMEHELPER_DATA", "./data", "folder holding the pseudonym key, and the SQLite database with -store sqlite"},
	{"store", "HOMEHELPER_STORE", "sqlite", "where data is kept: sqlite (in the data folder) or dynamodb (the default AWS configuration chain)"},
	{"data-table", "HOMEHELPER_DATA_TABLE", "homehelper-data", "DynamoDB table for households, repairs, visits and guide progress"},
	{"usage-table", "HOMEHELPER_USAGE_TABLE", "homehelper-usage", "DynamoDB table for usage events"},
	{"dev", "HOMEHELPER_DEV", "false", "development mode: no Alexa signature check, try-it page on; loopback addresses only"},
	{"skill-id", "HOMEHELPER_SKILL_ID", "", "Alexa skill id; requests for another skill get HTTP 400 (required without -dev)"},
	{"tls-cert", "HOMEHELPER_TLS_CERT", "", "TLS certificate chain (PEM) to serve HTTPS directly; with -tls-key"},
	{"tls-key", "HOMEHELPER_TLS_KEY", "", "TLS private key (PEM) for -tls-cert"},
	{"secure-cookies", "HOMEHELPER_SECURE_COOKIES", "(true with -tls-cert)", "mark the staff session cookie Secure and send HSTS; set true behind a TLS-terminating proxy"},
	{"proxy-header", "HOMEHELPER_PROXY_HEADER", "", "header a trusted reverse proxy puts the client address in (X-Forwarded-For or X-Real-IP), for the staff sign-in throttle; only if every request comes through it"},
	{"landlord-phone", "HOMEHELPER_LANDLORD_PHONE", "0808 157 0000", "repairs line read out when something can't be done by voice"},
	{"emergency-phone", "HOMEHELPER_EMERGENCY_PHONE", "0808 157 0999", "24-hour emergency repairs line read out with safety advice"},
	{"reminder-hour", "HOMEHELPER_REMINDER_HOUR", "18", "hour (UK time, 12 to 22) a coach visit's reminder is spoken the evening before"},
	{"handoff-url", "HOMEHELPER_HANDOFF_URL", "", "repairs team's webhook: every saved repair is POSTed here (see docs/handoff.md); empty keeps them pending in the outbox"},
	{"handoff-emergency-url", "HOMEHELPER_HANDOFF_EMERGENCY_URL", "", "emergency webhook: emergency repairs are POSTed here as well as to -handoff-url"},
	{"handoff-coach-url", "HOMEHELPER_HANDOFF_COACH_URL", "", "Neighbourhood Coaches' webhook: visits booked and cancelled are POSTed here"},
}

// envOnly are read from the environment and never from flags, because a
// flag would put them in the process list and shell history.
var envOnly = []setting{
	{"", "HOMEHELPER_PSEUDONYM_KEY", "(generated into the data folder)", "base64 key (32 bytes or more) for the keyed hashes that replace Alexa ids"},
	{"", "HOMEHELPER_STAFF_TOKEN", "(generated into the data folder)", "sign-in token for the staff site at /staff/ (16 characters or more, about 80 bits: `openssl rand -base64 24`)"},
	{"", "HOMEHELPER_USAGE_RETENTION_DAYS", "400", "days usage events are kept; serve deletes older ones daily (SQLite)"},
	{"", handoffSecretEnv, "(none; required with any -handoff-*-url)", "secret (16 characters or more) the hand-off webhooks' signatures are made with"},
}

func lookup(name string) setting {
	for _, s := range settings {
		if s.flag == name {
			return s
		}
	}
	panic("homehelper: no setting " + name)
}

// envDefault is the setting's environment value, or its default.
func envDefault(name string) string {
	s := lookup(name)
	if v, ok := os.LookupEnv(s.env); ok {
		return v
	}
	return s.def
}

func stringFlag(fs *flag.FlagSet, p *string, name string) {
	fs.StringVar(p, name, envDefault(name), lookup(name).help+" (env "+lookup(name).env+")")
}

func boolFlag(fs *flag.FlagSet, p *bool, name string) error {
	v, err := strconv.ParseBool(envDefault(name))
	if err != nil {
		return fmt.Errorf("%s=%q is not true or false", lookup(name).env, envDefault(name))
	}
	fs.BoolVar(p, name, v, lookup(name).help+" (env "+lookup(name).env+")")
	return nil
}

func intFlag(fs *flag.FlagSet, p *int, name string) error {
	v, err := strconv.Atoi(envDefault(name))
	if err != nil {
		return fmt.Errorf("%s=%q is not a whole number", lookup(name).env, envDefault(name))
	}
	fs.IntVar(p, name, v, lookup(name).help+" (env "+lookup(name).env+")")
	return nil
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("homehelper "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage of homehelper %s:\n", name)
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\nEnvironment only:")
		for _, s := range envOnly {
			fmt.Fprintf(stderr, "  %s\n    \t%s (default %s)\n", s.env, s.help, s.def)
		}
	}
	return fs
}

// parse parses flags and refuses stray arguments, so a mistyped flag is
// never silently ignored.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected %q", errUsage, fs.Arg(0))
	}
	return nil
}
