//! Text input: encoding detection and form-feed pages.
