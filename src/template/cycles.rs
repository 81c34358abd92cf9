//! Finds macros that call themselves, and templates that include
//! themselves, directly or through others, before anything is rendered:
//! Tera has no depth limit, and either would overflow the stack and end the
//! process without naming the file.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use tera::ast::{Expr, ExprVal, Node};
use tera::Tera;

/// A macro: the template file that defines it and its name.
type MacroId = (String, String);

/// The first macro found in a cycle, as its file and the calls that lead
/// back to it (`["a", "b", "a"]`).
pub(super) fn find_cycle(tera: &Tera) -> Option<(String, Vec<String>)> {
    let cycle = first_cycle(&call_graph(tera))?;
    let file = cycle[0].0.clone();
    Some((file, cycle.into_iter().map(|(_, name)| name).collect()))
}

/// The first template found that includes itself, as the includes that lead
/// back to it (`["a.html", "b.html", "a.html"]`).
pub(super) fn find_include_cycle(tera: &Tera) -> Option<Vec<String>> {
    let graph = tera
        .templates
        .iter()
        .map(|(file, template)| {
            let mut refs = Refs::default();
            nodes(&template.ast, &mut refs);
            (file.clone(), refs.includes)
        })
        .collect();
    first_cycle(&graph)
}

/// The first cycle of a graph, in the order of its sorted nodes.
fn first_cycle<T: Clone + Eq + Hash + Ord>(graph: &HashMap<T, Vec<T>>) -> Option<Vec<T>> {
    let mut ids: Vec<&T> = graph.keys().collect();
    ids.sort();
    let mut done = HashSet::new();
    ids.into_iter()
        .find_map(|id| visit(id, graph, &mut Vec::new(), &mut done))
}

/// Depth-first search with an explicit path; returns the cycle from its
/// first macro back to that macro.
fn visit<T: Clone + Eq + Hash>(
    id: &T,
    graph: &HashMap<T, Vec<T>>,
    path: &mut Vec<T>,
    done: &mut HashSet<T>,
) -> Option<Vec<T>> {
    if let Some(at) = path.iter().position(|p| p == id) {
        let mut cycle = path[at..].to_vec();
        cycle.push(id.clone());
        return Some(cycle);
    }
    if done.contains(id) {
        return None;
    }
    path.push(id.clone());
    for callee in graph.get(id).into_iter().flatten() {
        if let Some(cycle) = visit(callee, graph, path, done) {
            return Some(cycle);
        }
    }
    path.pop();
    done.insert(id.clone());
    None
}

/// Every macro of every template, with the macros its body calls.
fn call_graph(tera: &Tera) -> HashMap<MacroId, Vec<MacroId>> {
    let mut graph = HashMap::new();
    for (file, template) in &tera.templates {
        let namespaces: HashMap<&str, &str> = template
            .imported_macro_files
            .iter()
            .map(|(imported, namespace)| (namespace.as_str(), imported.as_str()))
            .collect();
        for (name, definition) in &template.macros {
            let mut refs = Refs::default();
            nodes(&definition.body, &mut refs);
            let callees = refs
                .calls
                .into_iter()
                .filter_map(|(namespace, callee)| {
                    let target = if namespace == "self" {
                        file.as_str()
                    } else {
                        namespaces.get(namespace.as_str()).copied()?
                    };
                    Some((target.to_string(), callee))
                })
                .collect();
            graph.insert((file.clone(), name.clone()), callees);
        }
    }
    graph
}

/// What a part of a template refers to.
#[derive(Default)]
struct Refs {
    /// The `(namespace, name)` of every macro call.
    calls: Vec<(String, String)>,
    /// The names of the included templates.
    includes: Vec<String>,
}

/// Collects the macro calls and includes of the nodes.
fn nodes(body: &[Node], calls: &mut Refs) {
    for node in body {
        match node {
            Node::VariableBlock(_, e) => expr(e, calls),
            Node::MacroDefinition(_, m, _) => nodes(&m.body, calls),
            Node::Set(_, set) => expr(&set.value, calls),
            Node::FilterSection(_, section, _) => {
                function_args(&section.filter.args, calls);
                nodes(&section.body, calls);
            }
            Node::Block(_, block, _) => nodes(&block.body, calls),
            Node::Forloop(_, forloop, _) => {
                expr(&forloop.container, calls);
                nodes(&forloop.body, calls);
                if let Some(empty) = &forloop.empty_body {
                    nodes(empty, calls);
                }
            }
            Node::If(condition, _) => {
                for (_, test, body) in &condition.conditions {
                    expr(test, calls);
                    nodes(body, calls);
                }
                if let Some((_, body)) = &condition.otherwise {
                    nodes(body, calls);
                }
            }
            Node::Include(_, names, _) => calls.includes.extend(names.iter().cloned()),
            Node::Super
            | Node::Text(_)
            | Node::Extends(..)
            | Node::ImportMacro(..)
            | Node::Raw(..)
            | Node::Break(_)
            | Node::Continue(_)
            | Node::Comment(..) => {}
        }
    }
}

fn function_args(args: &HashMap<String, Expr>, calls: &mut Refs) {
    for arg in args.values() {
        expr(arg, calls);
    }
}

/// Collects the macro calls of one expression, its filters' arguments included.
fn expr(e: &Expr, calls: &mut Refs) {
    value(&e.val, calls);
    for filter in &e.filters {
        function_args(&filter.args, calls);
    }
}

fn value(v: &ExprVal, calls: &mut Refs) {
    match v {
        ExprVal::MacroCall(call) => {
            calls
                .calls
                .push((call.namespace.clone(), call.name.clone()));
            function_args(&call.args, calls);
        }
        ExprVal::Math(m) => {
            expr(&m.lhs, calls);
            expr(&m.rhs, calls);
        }
        ExprVal::Logic(l) => {
            expr(&l.lhs, calls);
            expr(&l.rhs, calls);
        }
        ExprVal::In(i) => {
            expr(&i.lhs, calls);
            expr(&i.rhs, calls);
        }
        ExprVal::Test(t) => {
            for arg in &t.args {
                expr(arg, calls);
            }
        }
        ExprVal::FunctionCall(f) => function_args(&f.args, calls),
        ExprVal::Array(items) => {
            for item in items {
                expr(item, calls);
            }
        }
        ExprVal::StringConcat(concat) => {
            for part in &concat.values {
                value(part, calls);
            }
        }
        ExprVal::String(_)
        | ExprVal::Int(_)
        | ExprVal::Float(_)
        | ExprVal::Bool(_)
        | ExprVal::Ident(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(files: &[(&str, &str)]) -> Tera {
        let mut tera = Tera::default();
        tera.add_raw_templates(files.to_vec()).unwrap();
        tera
    }

    #[test]
    fn a_macro_that_calls_itself_is_found() {
        let t = tera(&[(
            "m.html",
            "{% macro m(n) %}{{ self::m(n=n) }}{% endmacro m %}",
        )]);
        assert_eq!(
            find_cycle(&t),
            Some(("m.html".into(), vec!["m".into(), "m".into()]))
        );
    }

    #[test]
    fn a_cycle_through_an_imported_file_is_found() {
        let t = tera(&[
            (
                "a.html",
                "{% import \"b.html\" as b %}{% macro x() %}{% if true %}{{ b::y() | upper }}{% endif %}{% endmacro x %}",
            ),
            (
                "b.html",
                "{% import \"a.html\" as a %}{% macro y() %}{% for i in [1] %}{{ a::x() }}{% endfor %}{% endmacro y %}",
            ),
        ]);
        let (file, names) = find_cycle(&t).unwrap();
        assert_eq!(file, "a.html");
        assert_eq!(names, ["x", "y", "x"]);
    }

    #[test]
    fn a_template_that_includes_itself_is_found() {
        let t = tera(&[
            (
                "a.html",
                "{% block b %}{% include \"b.html\" %}{% endblock b %}",
            ),
            ("b.html", "{% if x %}{% include \"a.html\" %}{% endif %}"),
            ("c.html", "{% include \"b.html\" %}"),
        ]);
        assert_eq!(
            find_include_cycle(&t).unwrap(),
            ["a.html", "b.html", "a.html"]
        );
        let fine = tera(&[("a.html", "{% include \"b.html\" %}"), ("b.html", "b")]);
        assert_eq!(find_include_cycle(&fine), None);
    }

    #[test]
    fn macros_calling_other_macros_are_fine() {
        let t = tera(&[(
            "m.html",
            "{% macro a() %}{{ self::b() }}{{ self::b() }}{% endmacro a %}{% macro b() %}b{% endmacro b %}",
        )]);
        assert_eq!(find_cycle(&t), None);
    }
}
