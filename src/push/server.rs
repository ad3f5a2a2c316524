//! The Bolt connection of `kgpipe push` (the `neo4j` driver crate): connecting, running one
//! statement, and telling a refused connection and refused credentials from statement errors.

use super::cypher::Prop;
use super::PushError;
use neo4j::driver::auth::AuthToken;
use neo4j::driver::{ConnectionConfig, Driver, DriverConfig};
use neo4j::{Neo4jError, ValueReceive, ValueSend};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// How long connecting may take before it counts as refused.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where and as whom to connect.
#[derive(Debug, Clone)]
pub struct Target {
    /// `bolt://HOST:PORT` (or `bolt+s`, `neo4j`, `neo4j+s`, … as the driver reads them).
    pub uri: String,
    pub user: String,
    /// `None`: connect without authentication.
    pub password: Option<String>,
    /// The database (Neo4j) to write; `None` for the server's default.
    pub database: Option<String>,
}

/// An open, authenticated connection.
pub(crate) struct Server {
    /// Dropped only on a server known to be Neo4j: see [`Server::drop`].
    driver: Option<Driver>,
    target: Target,
    neo4j: bool,
}

impl Drop for Server {
    /// Dropping the driver says GOODBYE, after which FalkorDB 4.16 frees the client but keeps
    /// its socket's read handler, so the next Bolt connection that gets the same descriptor
    /// hangs. Unless the server is Neo4j, the connection is left for the process exit to close,
    /// which FalkorDB handles cleanly.
    fn drop(&mut self) {
        if !self.neo4j {
            std::mem::forget(self.driver.take());
        }
    }
}

impl Server {
    /// Connects and authenticates, or says why not.
    pub(crate) fn connect(target: &Target) -> Result<Server, PushError> {
        let config =
            ConnectionConfig::try_from(target.uri.as_str()).map_err(|e| PushError::Uri {
                uri: target.uri.clone(),
                reason: e.to_string(),
            })?;
        let auth = match &target.password {
            Some(p) => AuthToken::new_basic_auth(&target.user, p),
            None => AuthToken::new_none_auth(),
        };
        let driver = Driver::new(
            config,
            DriverConfig::new()
                .with_auth(Arc::new(auth))
                .with_connection_timeout(CONNECT_TIMEOUT)
                .with_connection_acquisition_timeout(CONNECT_TIMEOUT)
                .with_user_agent(format!("kgpipe/{}", env!("CARGO_PKG_VERSION"))),
        );
        let server = Server {
            driver: Some(driver),
            target: target.clone(),
            neo4j: false,
        };
        server
            .run("RETURN 1 AS count", None)
            .map_err(|e| server.refusal(*e))?;
        Ok(server)
    }

    /// The error of a failed first statement: a server error refused the session (`RETURN 1`
    /// fails for no other reason; FalkorDB's refusal carries no code this driver reads over
    /// Bolt 5.7), anything else is a refused connection.
    fn refusal(&self, e: Neo4jError) -> PushError {
        match &e {
            Neo4jError::ServerError { error, .. } => PushError::Credentials {
                uri: self.target.uri.clone(),
                user: self.target.user.clone(),
                with_password: self.target.password.is_some(),
                reason: format!("{}: {}", error.code(), error.message()),
            },
            _ => PushError::Connect {
                uri: self.target.uri.clone(),
                reason: e.to_string(),
            },
        }
    }

    /// Runs one statement, with `rows` as its `$rows` parameter when given; returns the
    /// integer `count` of its first record (0 without one).
    pub(crate) fn run(
        &self,
        statement: &str,
        rows: Option<ValueSend>,
    ) -> Result<i64, Box<Neo4jError>> {
        let mut params: HashMap<String, ValueSend> = HashMap::new();
        if let Some(rows) = rows {
            params.insert("rows".into(), rows);
        }
        let driver = self
            .driver
            .as_ref()
            .expect("the driver lives as long as the server");
        let query = driver.execute_query(statement).with_parameters(params);
        let result = match &self.target.database {
            Some(db) => query.with_database(Arc::new(db.clone())).run()?,
            None => query.run()?,
        };
        Ok(first_count(&result.records))
    }

    /// Marks the server as Neo4j, whose connections close with GOODBYE.
    pub(crate) fn set_neo4j(&mut self) {
        self.neo4j = true;
    }

    /// Whether a statement fails; its error, if so.
    pub(crate) fn try_run(&self, statement: &str) -> Result<(), String> {
        self.run(statement, None)
            .map(|_| ())
            .map_err(|e| message(&e))
    }
}

fn first_count(records: &[neo4j::driver::Record]) -> i64 {
    match records.first().and_then(|r| r.value("count")) {
        Some(ValueReceive::Integer(n)) => *n,
        _ => 0,
    }
}

/// A driver error in one line: the server's code and message, or the driver's text.
pub(crate) fn message(e: &Neo4jError) -> String {
    match e {
        Neo4jError::ServerError { error, .. } => format!("{}: {}", error.code(), error.message()),
        e => e.to_string(),
    }
}

/// A property as a driver value.
pub(crate) fn value(p: &Prop) -> ValueSend {
    match p {
        Prop::Null => ValueSend::Null,
        Prop::Str(s) => ValueSend::String(s.clone()),
        Prop::Int(i) => ValueSend::Integer(*i),
        Prop::Double(x) => ValueSend::Float(*x),
        Prop::Bool(b) => ValueSend::Boolean(*b),
        Prop::Date(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map_or_else(|_| ValueSend::String(d.clone()), ValueSend::Date),
        Prop::StrList(v) => ValueSend::List(v.iter().cloned().map(ValueSend::String).collect()),
        Prop::IntList(v) => ValueSend::List(v.iter().copied().map(ValueSend::Integer).collect()),
        Prop::DoubleList(v) => ValueSend::List(v.iter().copied().map(ValueSend::Float).collect()),
    }
}

/// The rows of a batch as the `$rows` parameter: a list of `{id | from, to, props}` maps.
pub(crate) fn rows_value(rows: &[super::cypher::Row]) -> ValueSend {
    ValueSend::List(
        rows.iter()
            .map(|r| {
                let mut m: HashMap<String, ValueSend> = r
                    .keys
                    .iter()
                    .map(|(k, v)| (k.to_string(), ValueSend::String(v.clone())))
                    .collect();
                let props = r.props.iter().map(|(k, v)| (k.to_string(), value(v)));
                m.insert("props".into(), ValueSend::Map(props.collect()));
                ValueSend::Map(m)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_go_as_dates_and_lists_keep_their_element_type() {
        assert_eq!(
            value(&Prop::Date("2023-01-02".into())),
            ValueSend::Date(chrono::NaiveDate::from_ymd_opt(2023, 1, 2).unwrap())
        );
        assert_eq!(
            value(&Prop::DoubleList(vec![0.5])),
            ValueSend::List(vec![ValueSend::Float(0.5)])
        );
    }
}
