//! thinc's model files: the msgpack layout of nodes, attrs and params, and float32 arrays.
//!
//! A file is a map `{nodes, attrs, params, shims}` of parallel arrays, one entry per node in
//! breadth-first order. Attr values are themselves msgpack encodings; numpy arrays are maps with
//! binary keys `nd, type, kind, shape, data`.

use super::ModelError;
use rmpv::Value;

/// One node of a thinc model: its name, refs, decoded attrs and float32 params.
pub(crate) struct Node {
    pub(crate) name: String,
    refs: Vec<(String, usize)>,
    attrs: Vec<(String, Value)>,
    params: Vec<(String, Array)>,
}

/// A float32 array with its shape.
pub(crate) struct Array {
    pub(crate) shape: Vec<usize>,
    pub(crate) data: Vec<f32>,
}

/// A whole model file; errors name the file.
pub(crate) struct ThincModel {
    file: String,
    nodes: Vec<Node>,
}

/// Reads one msgpack value from the front of `bytes`.
pub(crate) fn decode(bytes: &[u8]) -> Option<Value> {
    rmpv::decode::read_value(&mut &bytes[..]).ok()
}

/// The value under `key` in a msgpack map whose keys are str or bin.
pub(crate) fn map_get<'a>(map: &'a Value, key: &str) -> Option<&'a Value> {
    map.as_map()?.iter().find_map(|(k, v)| {
        let matches = match k {
            Value::String(s) => s.as_str() == Some(key),
            Value::Binary(b) => b.as_slice() == key.as_bytes(),
            _ => false,
        };
        matches.then_some(v)
    })
}

impl ThincModel {
    pub(crate) fn from_bytes(file: &str, bytes: &[u8]) -> Result<ThincModel, ModelError> {
        let bad = |m: &str| ModelError::corrupt(file, m.to_string());
        let top = decode(bytes).ok_or_else(|| bad("not a msgpack value"))?;
        let column = |key: &str| -> Result<&Vec<Value>, ModelError> {
            map_get(&top, key)
                .and_then(Value::as_array)
                .ok_or_else(|| bad(&format!("no `{key}` array")))
        };
        let (nodes, attrs, params) = (column("nodes")?, column("attrs")?, column("params")?);
        if nodes.len() != attrs.len() || nodes.len() != params.len() {
            return Err(bad("nodes, attrs and params differ in length"));
        }
        let nodes = (0..nodes.len())
            .map(|i| {
                read_node(&nodes[i], &attrs[i], &params[i])
                    .map_err(|m| bad(&format!("node {i}: {m}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ThincModel {
            file: file.to_string(),
            nodes,
        })
    }

    pub(crate) fn corrupt(&self, message: impl Into<String>) -> ModelError {
        ModelError::corrupt(&self.file, message)
    }

    /// The nodes called `name`, in file (breadth-first) order.
    pub(crate) fn nodes_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.nodes.iter().filter(move |n| n.name == name)
    }

    /// The node the root refers to as `name` (e.g. `lower`).
    pub(crate) fn root_ref(&self, name: &str) -> Result<&Node, ModelError> {
        let root = self.nodes.first().ok_or_else(|| self.corrupt("no nodes"))?;
        let index = root
            .refs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, i)| *i)
            .ok_or_else(|| self.corrupt(format!("root has no ref `{name}`")))?;
        self.nodes
            .get(index)
            .ok_or_else(|| self.corrupt(format!("ref `{name}` points past the last node")))
    }

    /// Param `name` of `node`, which must have exactly `shape`.
    pub(crate) fn param(
        &self,
        node: &Node,
        name: &str,
        shape: &[usize],
    ) -> Result<Vec<f32>, ModelError> {
        let array = self.param_any(node, name)?;
        if array.shape != shape {
            return Err(self.corrupt(format!(
                "{} param {name} has shape {:?}, expected {shape:?}",
                node.name, array.shape
            )));
        }
        Ok(array.data.clone())
    }

    /// Param `name` of `node`, whatever its shape.
    pub(crate) fn param_any<'a>(
        &self,
        node: &'a Node,
        name: &str,
    ) -> Result<&'a Array, ModelError> {
        node.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, a)| a)
            .ok_or_else(|| self.corrupt(format!("{} has no param {name}", node.name)))
    }

    /// Integer attr `name` of `node`.
    pub(crate) fn attr_u64(&self, node: &Node, name: &str) -> Result<u64, ModelError> {
        node.attr(name)
            .and_then(Value::as_u64)
            .ok_or_else(|| self.corrupt(format!("{} has no integer attr {name}", node.name)))
    }

    /// String-list attr `name` of `node`.
    pub(crate) fn attr_strings(&self, node: &Node, name: &str) -> Result<Vec<String>, ModelError> {
        let list = node.attr(name).and_then(Value::as_array);
        list.and_then(|l| l.iter().map(|v| v.as_str().map(str::to_string)).collect())
            .ok_or_else(|| self.corrupt(format!("{} has no string-list attr {name}", node.name)))
    }

    /// The first node whose name starts with `prefix`.
    pub(crate) fn node_with_prefix(&self, prefix: &str) -> Result<&Node, ModelError> {
        self.nodes
            .iter()
            .find(|n| n.name.starts_with(prefix))
            .ok_or_else(|| self.corrupt(format!("no node named {prefix}…")))
    }
}

impl Node {
    fn attr(&self, name: &str) -> Option<&Value> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

fn read_node(node: &Value, attrs: &Value, params: &Value) -> Result<Node, String> {
    let name = map_get(node, "name")
        .and_then(Value::as_str)
        .ok_or("no name")?;
    Ok(Node {
        name: name.to_string(),
        refs: read_refs(node)?,
        attrs: read_attrs(attrs)?,
        params: read_params(params)?,
    })
}

fn str_entries(map: &Value) -> Result<impl Iterator<Item = (&str, &Value)>, String> {
    let entries = map.as_map().ok_or("expected a map")?;
    if entries.iter().any(|(k, _)| !k.is_str()) {
        return Err("a map key is not a string".into());
    }
    Ok(entries.iter().filter_map(|(k, v)| Some((k.as_str()?, v))))
}

fn read_refs(node: &Value) -> Result<Vec<(String, usize)>, String> {
    let Some(refs) = map_get(node, "refs") else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (k, v) in str_entries(refs)? {
        if let Some(i) = v.as_u64() {
            out.push((
                k.to_string(),
                usize::try_from(i).map_err(|_| "ref out of range")?,
            ));
        }
    }
    Ok(out)
}

fn read_attrs(attrs: &Value) -> Result<Vec<(String, Value)>, String> {
    str_entries(attrs)?
        .map(|(k, v)| {
            let bytes = v
                .as_slice()
                .ok_or_else(|| format!("attr {k} is not bytes"))?;
            let value = decode(bytes).ok_or_else(|| format!("attr {k} is not msgpack"))?;
            Ok((k.to_string(), value))
        })
        .collect()
}

fn read_params(params: &Value) -> Result<Vec<(String, Array)>, String> {
    let mut out = Vec::new();
    for (k, v) in str_entries(params)? {
        if !v.is_nil() {
            out.push((
                k.to_string(),
                read_array(v).map_err(|m| format!("param {k}: {m}"))?,
            ));
        }
    }
    Ok(out)
}

/// A numpy array map (`<f4`, C order).
pub(crate) fn read_array(v: &Value) -> Result<Array, String> {
    if map_get(v, "type").and_then(Value::as_str) != Some("<f4") {
        return Err("not a little-endian float32 array".into());
    }
    let shape = map_get(v, "shape")
        .and_then(Value::as_array)
        .and_then(|s| {
            s.iter()
                .map(|d| d.as_u64().and_then(|d| usize::try_from(d).ok()))
                .collect::<Option<Vec<_>>>()
        })
        .ok_or("no integer shape")?;
    let data = map_get(v, "data")
        .and_then(Value::as_slice)
        .ok_or("no data bytes")?;
    let count = shape
        .iter()
        .try_fold(1usize, |a, d| a.checked_mul(*d))
        .ok_or("shape overflows")?;
    if count.checked_mul(4) != Some(data.len()) {
        return Err(format!(
            "shape {shape:?} needs {count} floats, data has {} bytes",
            data.len()
        ));
    }
    let data = data
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    Ok(Array { shape, data })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAGGER: &[u8] = include_bytes!("../../models/en_core_web_sm/tagger/model");

    #[test]
    fn reads_the_tagger_softmax() {
        let model = ThincModel::from_bytes("tagger/model", TAGGER).unwrap();
        let softmax = model.root_ref("softmax").unwrap();
        assert_eq!(softmax.name, "softmax");
        assert_eq!(model.param(softmax, "W", &[50, 96]).unwrap().len(), 4800);
        assert!(model.param(softmax, "W", &[96, 50]).is_err());
        assert!(model.attr_u64(softmax, "nope").is_err());
    }

    #[test]
    fn corrupt_files_are_errors_not_panics() {
        for cut in [0, 1, 7, 100, 5000, TAGGER.len() - 3] {
            let err = ThincModel::from_bytes("tagger/model", &TAGGER[..cut]);
            assert!(err.is_err(), "cut at {cut}");
        }
        let mut flipped = TAGGER.to_vec();
        flipped[0] = 0x93;
        assert!(ThincModel::from_bytes("tagger/model", &flipped).is_err());
    }
}
