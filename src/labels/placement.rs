//! Greedy label placement: each label tries a few positions around its point, in order of
//! preference, and takes the first that overlaps nothing placed before it and stays on screen.

use crate::scene::TextAnchor;
use crate::view::{ScreenPoint, ScreenRect};

/// A label's box on screen, for collision tests.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct LabelBox {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl LabelBox {
    /// The box of a circle.
    pub fn around(c: ScreenPoint, r: f64) -> Self {
        Self { left: c.x - r, top: c.y - r, right: c.x + r, bottom: c.y + r }
    }

    /// The box grown by `dx` on the left and right and `dy` above and below.
    pub fn grown(&self, dx: f64, dy: f64) -> Self {
        Self { left: self.left - dx, top: self.top - dy, right: self.right + dx, bottom: self.bottom + dy }
    }

    /// The box of a screen rectangle.
    pub fn of(r: &ScreenRect) -> Self {
        Self { left: r.x, top: r.y, right: r.x + r.width, bottom: r.y + r.height }
    }

    /// The box with the placer's padding around it.
    fn padded(&self) -> Self {
        Self { left: self.left - PAD, top: self.top - PAD, right: self.right + PAD, bottom: self.bottom + PAD }
    }

    pub fn overlaps(&self, other: &LabelBox) -> bool {
        self.left < other.right && other.left < self.right && self.top < other.bottom && other.top < self.bottom
    }
}

/// Where a label's text goes relative to its point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    Right,
    Left,
    Above,
    Below,
}

impl Side {
    /// Preferred sides: after the dot in reading order first (right of it for English, left of
    /// it for Persian), then before it, above and below.
    pub fn preference(rtl: bool) -> [Side; 4] {
        if rtl {
            [Side::Left, Side::Right, Side::Above, Side::Below]
        } else {
            [Side::Right, Side::Left, Side::Above, Side::Below]
        }
    }
}

/// A placed label: the text's anchor point and alignment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Placed {
    pub at: ScreenPoint,
    pub anchor: TextAnchor,
}

/// Gap between a place's dot and its label, in CSS pixels.
const GAP: f64 = 5.0;
/// Padding around every box, so that neighbouring halos do not touch.
const PAD: f64 = 2.0;

/// The boxes placed so far, inside a screen of `width × height`.
pub(crate) struct Placer {
    width: f64,
    height: f64,
    placed: Vec<LabelBox>,
}

impl Placer {
    pub fn new(width: f64, height: f64) -> Self {
        Self { width, height, placed: Vec::new() }
    }

    /// Reserves a box no label may cover (the selected marker, a place's dot).
    pub fn reserve(&mut self, b: LabelBox) {
        self.placed.push(b);
    }

    /// Places a label of `width × size` next to the point `at`, trying `sides` in order.
    pub fn place_beside(&mut self, at: ScreenPoint, width: f64, size: f64, sides: [Side; 4]) -> Option<Placed> {
        self.place_beside_box(LabelBox::around(at, 0.0), width, size, sides)
    }

    /// Places a label of `width × size` next to the box `b` (a cluster's count that covers the
    /// place's dot), trying `sides` in order.
    pub fn place_beside_box(&mut self, b: LabelBox, width: f64, size: f64, sides: [Side; 4]) -> Option<Placed> {
        let half_h = size * 0.7;
        let (mid_x, mid_y) = ((b.left + b.right) / 2.0, (b.top + b.bottom) / 2.0);
        for side in sides {
            let (placed, b) = match side {
                Side::Right => {
                    let x = b.right + GAP;
                    (
                        Placed { at: ScreenPoint::new(x, mid_y), anchor: TextAnchor::Start },
                        LabelBox { left: x, top: mid_y - half_h, right: x + width, bottom: mid_y + half_h },
                    )
                }
                Side::Left => {
                    let x = b.left - GAP;
                    (
                        Placed { at: ScreenPoint::new(x, mid_y), anchor: TextAnchor::End },
                        LabelBox { left: x - width, top: mid_y - half_h, right: x, bottom: mid_y + half_h },
                    )
                }
                Side::Above | Side::Below => {
                    let y = if side == Side::Above { b.top - GAP - half_h } else { b.bottom + GAP + half_h };
                    let c = ScreenPoint::new(mid_x, y);
                    (Placed { at: c, anchor: TextAnchor::Center }, centred_box(c, width, half_h))
                }
            };
            if self.try_take(b) {
                return Some(placed);
            }
        }
        None
    }

    /// Places a label centred on `at`, if it fits there.
    pub fn place_centred(&mut self, at: ScreenPoint, width: f64, size: f64) -> bool {
        self.try_take(centred_box(at, width, size * 0.7))
    }

    /// How many boxes are taken or reserved so far.
    pub fn taken_count(&self) -> usize {
        self.placed.len()
    }

    /// Every box taken or reserved, in order.
    pub fn into_taken(self) -> Vec<LabelBox> {
        self.placed
    }

    /// Whether reserving `b` before placing would have changed nothing: no box taken comes
    /// within the padding of it. The placer is greedy, so a box that took part in no decision
    /// (nothing placed near it) changes none.
    pub fn clear_of(taken: &[LabelBox], b: &LabelBox) -> bool {
        let padded = b.padded();
        !taken.iter().any(|p| p.overlaps(&padded))
    }

    /// Takes the box if it lies on screen and clear of every box taken, with a little padding.
    pub fn try_take(&mut self, b: LabelBox) -> bool {
        let on_screen = b.left >= 0.0 && b.top >= 0.0 && b.right <= self.width && b.bottom <= self.height;
        let fits = on_screen && Self::clear_of(&self.placed, &b);
        if fits {
            self.placed.push(b);
        }
        fits
    }
}

fn centred_box(c: ScreenPoint, width: f64, half_h: f64) -> LabelBox {
    LabelBox { left: c.x - width / 2.0, top: c.y - half_h, right: c.x + width / 2.0, bottom: c.y + half_h }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crowded_label_moves_to_the_next_side() {
        let mut placer = Placer::new(400.0, 300.0);
        let at = ScreenPoint::new(200.0, 150.0);
        let first = placer.place_beside(at, 60.0, 12.0, Side::preference(false)).unwrap();
        assert_eq!(first.anchor, TextAnchor::Start);
        let second = placer.place_beside(ScreenPoint::new(200.0, 152.0), 60.0, 12.0, Side::preference(false));
        assert_eq!(second.map(|p| p.anchor), Some(TextAnchor::End), "left, since the right is taken");
    }

    #[test]
    fn persian_prefers_the_left_and_labels_stay_on_screen() {
        let mut placer = Placer::new(400.0, 300.0);
        let p = placer.place_beside(ScreenPoint::new(200.0, 100.0), 50.0, 12.0, Side::preference(true)).unwrap();
        assert_eq!((p.anchor, p.at.x), (TextAnchor::End, 195.0));
        let edge = placer.place_beside(ScreenPoint::new(390.0, 200.0), 50.0, 12.0, Side::preference(false)).unwrap();
        assert_eq!(edge.anchor, TextAnchor::End, "no room on the right at the edge");
    }

    #[test]
    fn nothing_is_placed_over_a_reserved_box() {
        let mut placer = Placer::new(400.0, 300.0);
        placer.reserve(LabelBox::around(ScreenPoint::new(100.0, 100.0), 60.0));
        assert!(placer.place_beside(ScreenPoint::new(100.0, 100.0), 40.0, 12.0, Side::preference(false)).is_none());
        assert!(!placer.place_centred(ScreenPoint::new(120.0, 90.0), 30.0, 11.0));
    }
}
