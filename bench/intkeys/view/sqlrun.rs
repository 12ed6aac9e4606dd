// sqlrun DB [FILE.sql | -c SQL]... : runs SQL batches with the bundled SQLite;
// `-q SQL` runs a query, prints row count and elapsed; `-p SQL` prints rows.
use rusqlite::Connection;
use std::time::Instant;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let conn = Connection::open(&args[1]).unwrap();
    let mut i = 2;
    while i < args.len() {
        let flag = args[i].as_str();
        let (sql, label) = match flag {
            "-m" => {
                i += 1;
                let text = std::fs::read_to_string(&args[i]).unwrap();
                let start = Instant::now();
                conn.execute_batch("BEGIN").unwrap();
                let mut n = 0;
                for line in text.lines() {
                    let mut parts = line.split('\t');
                    let sql = parts.next().unwrap();
                    let params: Vec<rusqlite::types::Value> = parts.map(|p| if p == "\\N" { rusqlite::types::Value::Null } else { rusqlite::types::Value::Text(p.to_string()) }).collect();
                    conn.prepare_cached(sql).unwrap().execute(rusqlite::params_from_iter(params)).unwrap();
                    n += 1;
                }
                conn.execute_batch("COMMIT").unwrap();
                eprintln!("{:>8.3} s  {n} statements  {}", start.elapsed().as_secs_f64(), args[i]);
                i += 1;
                continue;
            }
            "-c" | "-q" | "-p" => { i += 1; (args[i].clone(), args[i].chars().take(60).collect::<String>()) }
            file => (std::fs::read_to_string(file).unwrap(), file.to_string()),
        };
        let start = Instant::now();
        match flag {
            "-q" | "-p" => {
                let mut stmt = conn.prepare(&sql).unwrap();
                let n = stmt.column_count();
                let mut rows = stmt.query([]).unwrap();
                let mut count = 0u64;
                let mut bytes = 0usize;
                while let Some(row) = rows.next().unwrap() {
                    count += 1;
                    let mut line = Vec::new();
                    for c in 0..n {
                        let v = row.get_ref(c).unwrap();
                        let text = match v {
                            rusqlite::types::ValueRef::Null => String::new(),
                            rusqlite::types::ValueRef::Integer(x) => x.to_string(),
                            rusqlite::types::ValueRef::Real(x) => x.to_string(),
                            rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                            rusqlite::types::ValueRef::Blob(b) => format!("<{}B>", b.len()),
                        };
                        bytes += text.len();
                        line.push(text);
                    }
                    if flag == "-p" { println!("{}", line.join("|")); }
                }
                eprintln!("{:>8.3} s  {count} rows {bytes} B  {label}", start.elapsed().as_secs_f64());
            }
            _ => {
                conn.execute_batch(&sql).unwrap_or_else(|e| panic!("{label}: {e}"));
                eprintln!("{:>8.3} s  {label}", start.elapsed().as_secs_f64());
            }
        }
        i += 1;
    }
}
