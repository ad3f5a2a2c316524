//! The merge records of a build, not held for the whole run: records are buffered, and every
//! [`SPILL_RECORDS`] of them are sorted and written as one run to an anonymous temporary file;
//! reading merges the runs into one sorted stream without repeats, the order the report has
//! always had.

use super::types::MergeRecord;
use rayon::prelude::*;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufWriter, Write};

/// Records buffered before a run is spilled (about 40 MiB of strings).
const SPILL_RECORDS: usize = 256 * 1024;

/// Bytes read from a spilled run at a time.
const READ_CHUNK: usize = 64 * 1024;

/// Merge records, sorted and deduplicated when read.
#[derive(Default)]
pub struct MergeLog {
    buffer: Vec<MergeRecord>,
    spill: Option<Spill>,
    /// Runs kept in memory because the temporary file could not be written.
    kept: Vec<Vec<MergeRecord>>,
}

/// The temporary file and where each run lies in it.
struct Spill {
    file: BufWriter<File>,
    written: u64,
    runs: Vec<(u64, u64)>,
}

impl std::fmt::Debug for MergeLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MergeLog")
            .field("buffered", &self.buffer.len())
            .field(
                "spilled_runs",
                &self.spill.as_ref().map_or(0, |s| s.runs.len()),
            )
            .finish()
    }
}

impl MergeLog {
    pub(crate) fn push(&mut self, record: MergeRecord) {
        self.buffer.push(record);
        self.spill_when_full();
    }

    pub(crate) fn extend(&mut self, records: impl IntoIterator<Item = MergeRecord>) {
        self.buffer.extend(records);
        self.spill_when_full();
    }

    fn spill_when_full(&mut self) {
        if self.buffer.len() >= SPILL_RECORDS {
            let run = sorted_run(std::mem::take(&mut self.buffer));
            if let Err(run) = self.write_run(run) {
                self.kept.push(run);
            }
        }
    }

    /// Writes a sorted run to the temporary file; gives the run back when it cannot.
    fn write_run(&mut self, run: Vec<MergeRecord>) -> Result<(), Vec<MergeRecord>> {
        if self.spill.is_none() {
            match tempfile::tempfile() {
                Ok(file) => {
                    self.spill = Some(Spill {
                        file: BufWriter::new(file),
                        written: 0,
                        runs: Vec::new(),
                    })
                }
                Err(_) => return Err(run),
            }
        }
        let spill = self.spill.as_mut().expect("spill file");
        let start = spill.written;
        let mut bytes = Vec::new();
        for r in &run {
            encode(r, &mut bytes);
        }
        if spill
            .file
            .write_all(&bytes)
            .and_then(|_| spill.file.flush())
            .is_err()
        {
            return Err(run);
        }
        spill.written += bytes.len() as u64;
        spill.runs.push((start, spill.written));
        Ok(())
    }

    /// Sorts the records still buffered, once no more come.
    pub(crate) fn seal(&mut self) {
        let last = sorted_run(std::mem::take(&mut self.buffer));
        self.kept.push(last);
    }

    /// Every record once, in sorted order (after [`MergeLog::seal`]).
    pub fn sorted(&self) -> io::Result<SortedRecords<'_>> {
        debug_assert!(self.buffer.is_empty(), "sorted before seal");
        let mut sources: Vec<Source> = self
            .kept
            .iter()
            .map(|run| Source::Memory(run.iter()))
            .collect();
        if let Some(spill) = &self.spill {
            let file = spill.file.get_ref();
            for &(start, end) in &spill.runs {
                sources.push(Source::File(RunReader::new(file, start, end)));
            }
        }
        SortedRecords::new(sources)
    }
}

fn sorted_run(mut run: Vec<MergeRecord>) -> Vec<MergeRecord> {
    run.par_sort_unstable();
    run.dedup();
    run
}

fn encode(r: &MergeRecord, out: &mut Vec<u8>) {
    for field in [&r.document, &r.surface, &r.label, &r.entity, &r.reason] {
        out.extend_from_slice(&(field.len() as u32).to_le_bytes());
        out.extend_from_slice(field.as_bytes());
    }
}

/// One sorted run being read.
enum Source<'f> {
    Memory(std::slice::Iter<'f, MergeRecord>),
    File(RunReader<'f>),
}

impl Source<'_> {
    fn next(&mut self) -> io::Result<Option<MergeRecord>> {
        match self {
            Source::Memory(it) => Ok(it.next().cloned()),
            Source::File(r) => r.next(),
        }
    }
}

/// Reads one run of the temporary file by position, a chunk at a time.
struct RunReader<'f> {
    file: &'f File,
    at: u64,
    end: u64,
    buf: Vec<u8>,
    pos: usize,
}

impl<'f> RunReader<'f> {
    fn new(file: &'f File, start: u64, end: u64) -> Self {
        RunReader {
            file,
            at: start,
            end,
            buf: Vec::new(),
            pos: 0,
        }
    }

    fn next(&mut self) -> io::Result<Option<MergeRecord>> {
        if self.at == self.end && self.pos == self.buf.len() {
            return Ok(None);
        }
        let mut fields: [String; 5] = Default::default();
        for field in &mut fields {
            let len = u32::from_le_bytes(self.take(4)?.try_into().expect("four bytes")) as usize;
            *field = String::from_utf8(self.take(len)?)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        }
        let [document, surface, label, entity, reason] = fields;
        Ok(Some(MergeRecord {
            document,
            surface,
            label,
            entity,
            reason,
        }))
    }

    fn take(&mut self, n: usize) -> io::Result<Vec<u8>> {
        while self.buf.len() - self.pos < n {
            self.fill(n)?;
        }
        let bytes = self.buf[self.pos..self.pos + n].to_vec();
        self.pos += n;
        Ok(bytes)
    }

    fn fill(&mut self, wanted: usize) -> io::Result<()> {
        self.buf.drain(..self.pos);
        self.pos = 0;
        let room = (self.end - self.at).min(READ_CHUNK.max(wanted) as u64) as usize;
        if room == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "merge records: a spilled run ends inside a record",
            ));
        }
        let old = self.buf.len();
        self.buf.resize(old + room, 0);
        read_exact_at(self.file, &mut self.buf[old..], self.at)?;
        self.at += room as u64;
        Ok(())
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    while !buf.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_read(file, buf, offset)?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        buf = &mut buf[n..];
        offset += n as u64;
    }
    Ok(())
}

/// The runs merged: each record once, in sorted order.
pub struct SortedRecords<'f> {
    sources: Vec<Source<'f>>,
    heap: BinaryHeap<Reverse<(MergeRecord, usize)>>,
    last: Option<MergeRecord>,
}

impl<'f> SortedRecords<'f> {
    fn new(mut sources: Vec<Source<'f>>) -> io::Result<Self> {
        let mut heap = BinaryHeap::new();
        for (i, s) in sources.iter_mut().enumerate() {
            if let Some(r) = s.next()? {
                heap.push(Reverse((r, i)));
            }
        }
        Ok(SortedRecords {
            sources,
            heap,
            last: None,
        })
    }

    fn next_any(&mut self) -> io::Result<Option<MergeRecord>> {
        let Some(Reverse((record, i))) = self.heap.pop() else {
            return Ok(None);
        };
        if let Some(next) = self.sources[i].next()? {
            self.heap.push(Reverse((next, i)));
        }
        Ok(Some(record))
    }
}

impl Iterator for SortedRecords<'_> {
    type Item = io::Result<MergeRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.next_any() {
                Err(e) => return Some(Err(e)),
                Ok(None) => return None,
                Ok(Some(r)) if self.last.as_ref() == Some(&r) => continue,
                Ok(Some(r)) => {
                    self.last = Some(r.clone());
                    return Some(Ok(r));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(document: &str, surface: &str) -> MergeRecord {
        MergeRecord {
            document: document.into(),
            surface: surface.into(),
            label: "Person".into(),
            entity: "Person: Ann Lee".into(),
            reason: "name".into(),
        }
    }

    #[test]
    fn spilled_runs_read_back_sorted_without_repeats() {
        let mut log = MergeLog::default();
        let mut expected = Vec::new();
        for i in (0..1000).rev() {
            let r = record(&format!("doc{:04}", i % 700), "Lee");
            expected.push(r.clone());
            log.push(r);
        }
        let run = sorted_run(std::mem::take(&mut log.buffer));
        log.write_run(run).expect("temporary file");
        log.extend([record("doc0001", "Lee"), record("a", "Ann")]);
        log.seal();
        expected.extend([record("doc0001", "Lee"), record("a", "Ann")]);
        expected.sort();
        expected.dedup();
        let got: Vec<MergeRecord> = log.sorted().unwrap().map(|r| r.unwrap()).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn records_with_any_text_survive_the_file() {
        let mut log = MergeLog::default();
        let odd = MergeRecord {
            document: "".into(),
            surface: "Zoë\t\"O'Neil\"\n".into(),
            label: "Person".into(),
            entity: "Person: Zoë".into(),
            reason: "name".into(),
        };
        log.write_run(vec![odd.clone()]).expect("temporary file");
        log.seal();
        let got: Vec<MergeRecord> = log.sorted().unwrap().map(|r| r.unwrap()).collect();
        assert_eq!(got, vec![odd]);
    }
}
