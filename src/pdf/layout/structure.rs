//! What each box *is*: the statement's logical structure (headings,
//! paragraphs, tables with their rows and header or data cells, figures,
//! form fields), built in reading order while the layout places boxes, and
//! the [`Tag`] every box carries — the element whose content it is, or an
//! artifact (running header and footer, rules, fills, decorations).
//!
//! Pure data: `content` writes each page's marked content from the tags,
//! and `tags` turns the elements into the PDF's structure tree.

/// An element of the [`Structure`], by index (0: the document).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ElemId(pub u32);

impl ElemId {
    /// The document, root of every statement's structure.
    pub const DOCUMENT: ElemId = ElemId(0);

    /// Position in [`Structure::elems`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a table header cell heads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The cells below it.
    Column,
    /// The cells beside it.
    Row,
}

/// The standard structure type of an element (ISO 32000-1, 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The whole statement.
    Document,
    /// A group of elements that belong together (a party's sign-off block).
    Sect,
    /// A heading of level 1 (the title), 2 (a section) or 3 (a subsection).
    Heading(u8),
    /// A paragraph.
    P,
    /// A table.
    Table,
    /// A table row.
    TR,
    /// A header cell.
    TH(Scope),
    /// A data cell.
    TD,
    /// A picture, with its alternative text.
    Figure,
    /// A form field: its widget annotation.
    Form,
}

impl Role {
    /// The structure type's PDF name.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Sect => "Sect",
            Role::Heading(1) => "H1",
            Role::Heading(2) => "H2",
            Role::Heading(3) => "H3",
            Role::Heading(4) => "H4",
            Role::Heading(5) => "H5",
            Role::Heading(_) => "H6",
            Role::P => "P",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH(_) => "TH",
            Role::TD => "TD",
            Role::Figure => "Figure",
            Role::Form => "Form",
        }
    }

    /// Whether the element belongs to a table's grid (kept even when it
    /// holds no text, so the rows stay regular).
    pub fn is_table_part(self) -> bool {
        matches!(self, Role::Table | Role::TR | Role::TH(_) | Role::TD)
    }
}

/// One element of the structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Elem {
    /// Its type.
    pub role: Role,
    /// The element it belongs to (`None` for the document).
    pub parent: Option<ElemId>,
    /// Alternative text (figures).
    pub alt: Option<String>,
}

/// The kind of an artifact: drawn, but not part of what the statement says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Artifact {
    /// The running header (and the draft badge in it).
    Header,
    /// The running footer (engagement, page X of Y, fingerprint).
    Footer,
    /// Rules, fills, labels' backgrounds, decorations, and what a table
    /// repeats on the pages it continues on (its header row, its caption,
    /// the id of a row split across pages).
    Layout,
}

/// What a box is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    /// Content of this element.
    Elem(ElemId),
    /// Not content.
    Artifact(Artifact),
}

impl Default for Tag {
    fn default() -> Self {
        Tag::Artifact(Artifact::Layout)
    }
}

/// The elements of a statement, in reading order: an element comes after
/// its parent and after every earlier sibling and their descendants.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    /// Every element; index 0 is the document.
    pub elems: Vec<Elem>,
    /// Where [`add`](Self::add) puts new elements.
    container: ElemId,
}

impl Default for Structure {
    fn default() -> Self {
        Self::new()
    }
}

impl Structure {
    /// A document with nothing in it.
    pub fn new() -> Self {
        Self {
            elems: vec![Elem {
                role: Role::Document,
                parent: None,
                alt: None,
            }],
            container: ElemId::DOCUMENT,
        }
    }

    /// A new element of `role` in the current container.
    pub fn add(&mut self, role: Role) -> ElemId {
        self.add_to(self.container, role)
    }

    /// A new element of `role` in `parent`.
    pub fn add_to(&mut self, parent: ElemId, role: Role) -> ElemId {
        let id = ElemId(u32::try_from(self.elems.len()).unwrap_or(u32::MAX));
        self.elems.push(Elem {
            role,
            parent: Some(parent),
            alt: None,
        });
        id
    }

    /// Makes `id` the container of new elements; returns the previous one
    /// (to give back to [`enter`](Self::enter) when done).
    pub fn enter(&mut self, id: ElemId) -> ElemId {
        std::mem::replace(&mut self.container, id)
    }

    /// The element `id`.
    pub fn get(&self, id: ElemId) -> Option<&Elem> {
        self.elems.get(id.index())
    }

    /// Sets the alternative text of `id`.
    pub fn set_alt(&mut self, id: ElemId, alt: String) {
        if let Some(e) = self.elems.get_mut(id.index()) {
            e.alt = Some(alt);
        }
    }

    /// Each element's children, in reading order.
    pub fn children(&self) -> Vec<Vec<ElemId>> {
        let mut kids = vec![Vec::new(); self.elems.len()];
        for (i, e) in self.elems.iter().enumerate() {
            if let Some(p) = e.parent.and_then(|p| kids.get_mut(p.index())) {
                p.push(ElemId(u32::try_from(i).unwrap_or(u32::MAX)));
            }
        }
        kids
    }

    /// An indented outline of the elements (for tests and debugging).
    pub fn outline(&self) -> String {
        let kids = self.children();
        let mut out = String::new();
        let mut stack = vec![(ElemId::DOCUMENT, 0usize)];
        while let Some((id, depth)) = stack.pop() {
            if let Some(e) = self.get(id) {
                out.push_str(&"  ".repeat(depth));
                out.push_str(e.role.name());
                out.push('\n');
            }
            for k in kids[id.index()].iter().rev() {
                stack.push((*k, depth + 1));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_nest_in_the_order_they_are_added() {
        let mut s = Structure::new();
        s.add(Role::Heading(2));
        let t = s.add(Role::Table);
        let outer = s.enter(t);
        let tr = s.add(Role::TR);
        s.add_to(tr, Role::TH(Scope::Column));
        s.enter(outer);
        s.add(Role::P);
        assert_eq!(
            s.outline(),
            "Document\n  H2\n  Table\n    TR\n      TH\n  P\n"
        );
    }
}
