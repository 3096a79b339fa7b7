package handoff

import (
	"errors"
	"fmt"
	"net"
	"net/url"
)

// ErrInsecureURL is a webhook address hand-offs must not be sent to.
var ErrInsecureURL = errors.New("hand-off URL refused")

// CheckURL is the one rule for where hand-offs may be sent: an absolute
// https URL with a host, no user name or password (the address is shown to
// staff) and no fragment. Plain http is allowed only to a loopback address
// and only when allowLoopbackHTTP (development, where the receiver runs on
// the same machine): anywhere else the message and its signature would
// cross the network in the clear.
func CheckURL(raw string, allowLoopbackHTTP bool) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "" || u.Hostname() == "":
		return fmt.Errorf("%w: %q is not an absolute URL with a host", ErrInsecureURL, raw)
	case u.User != nil:
		return fmt.Errorf("%w: it must not hold a user name or password", ErrInsecureURL)
	case u.Fragment != "":
		return fmt.Errorf("%w: it must not have a # part", ErrInsecureURL)
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && allowLoopbackHTTP && loopback(u.Hostname()):
		return nil
	case u.Scheme == "http" && loopback(u.Hostname()):
		return fmt.Errorf("%w: http:// is allowed only to a loopback address in development (-dev); use https://", ErrInsecureURL)
	default:
		return fmt.Errorf("%w: it must start with https://", ErrInsecureURL)
	}
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
