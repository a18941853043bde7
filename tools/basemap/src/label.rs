//! Label points: the pole of inaccessibility (the interior point farthest from the outline), found
//! with the grid search of Mapbox's polylabel.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use geo::{Area, BoundingRect, Contains, Coord, Distance, Euclidean, MultiPolygon, Point, Polygon};

/// A square cell of the search and the signed distance from its centre to the outline.
struct Cell {
    centre: Coord<f64>,
    half: f64,
    distance: f64,
}

impl Cell {
    fn new(centre: Coord<f64>, half: f64, polygon: &Polygon<f64>) -> Self {
        Self { centre, half, distance: signed_distance(centre, polygon) }
    }

    /// The best distance any point of this cell could have.
    fn potential(&self) -> f64 {
        self.distance + self.half * std::f64::consts::SQRT_2
    }
}

impl PartialEq for Cell {
    fn eq(&self, other: &Self) -> bool {
        self.potential() == other.potential()
    }
}
impl Eq for Cell {}
impl PartialOrd for Cell {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Cell {
    fn cmp(&self, other: &Self) -> Ordering {
        self.potential().total_cmp(&other.potential())
    }
}

/// Distance to the nearest ring, positive inside the polygon and negative outside.
fn signed_distance(c: Coord<f64>, polygon: &Polygon<f64>) -> f64 {
    let p = Point::from(c);
    let rings = std::iter::once(polygon.exterior()).chain(polygon.interiors());
    let d = rings.map(|r| Euclidean.distance(&p, r)).fold(f64::INFINITY, f64::min);
    if polygon.contains(&p) {
        d
    } else {
        -d
    }
}

/// The pole of inaccessibility of `polygon`, to within `precision`.
pub fn pole_of_inaccessibility(polygon: &Polygon<f64>, precision: f64) -> Option<Coord<f64>> {
    let rect = polygon.bounding_rect()?;
    let size = rect.width().min(rect.height());
    if size <= 0.0 {
        return Some(rect.min());
    }
    let half = size / 2.0;
    let mut queue = BinaryHeap::new();
    let mut y = rect.min().y;
    while y < rect.max().y {
        let mut x = rect.min().x;
        while x < rect.max().x {
            queue.push(Cell::new(Coord { x: x + half, y: y + half }, half, polygon));
            x += size;
        }
        y += size;
    }
    let mut best = Cell::new(rect.center(), 0.0, polygon);
    while let Some(cell) = queue.pop() {
        if cell.distance > best.distance {
            best = Cell::new(cell.centre, 0.0, polygon);
        }
        if cell.potential() - best.distance <= precision {
            continue;
        }
        let h = cell.half / 2.0;
        for (dx, dy) in [(-h, -h), (h, -h), (-h, h), (h, h)] {
            queue.push(Cell::new(Coord { x: cell.centre.x + dx, y: cell.centre.y + dy }, h, polygon));
        }
    }
    (best.distance > 0.0).then_some(best.centre)
}

/// The label point of a region: the pole of inaccessibility of its largest polygon.
pub fn label_point(shape: &MultiPolygon<f64>, precision: f64) -> Option<Coord<f64>> {
    let largest = shape.iter().max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))?;
    pole_of_inaccessibility(largest, precision)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn the_pole_of_an_l_shape_is_inside_its_thick_arm() {
        let l = polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 2.0), (x: 2.0, y: 2.0), (x: 2.0, y: 10.0), (x: 0.0, y: 10.0)];
        let pole = pole_of_inaccessibility(&l, 0.01).unwrap();
        assert!(l.contains(&Point::from(pole)));
        assert!(signed_distance(pole, &l) > 0.99, "{pole:?}");
    }
}
