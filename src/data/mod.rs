//! Incidents, their validation and loading.
