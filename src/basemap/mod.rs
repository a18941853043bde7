//! The embedded offline basemap (see tools/basemap).
