//! thinc's model files: the msgpack layout of nodes, attrs and params, and float32 arrays.
