package sqlite

// AfterRetiredUnit sets what runs between the retention delete's
// transactions.
func AfterRetiredUnit(s *Store, f func()) { s.afterRetiredUnit = f }
