//! What the benchmarks share: the deterministic generator of a catalogue and a profile of N
//! requirements, timing a command (median and minimum of several runs, peak memory under GNU
//! time), and how the machine and the numbers are described in docs/benchmarks.md.
#![allow(dead_code)] // each benchmark uses its own subset

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const GNU_TIME: &str = "/usr/bin/time";

/// `--sizes 100,1_000,2000` as numbers.
pub fn sizes(text: &str) -> Vec<usize> {
    text.split(',')
        .map(|s| s.trim().replace('_', "").parse().expect("--sizes: whole numbers"))
        .collect()
}

/// One command measured at one size.
pub struct Result {
    pub n: usize,
    pub tool: &'static str,
    pub format: &'static str,
    pub audience: &'static str,
    pub median: Duration,
    pub min: Duration,
    /// Peak resident set size in KiB.
    pub rss: Option<u64>,
    pub bytes: u64,
}

impl Result {
    pub fn line(&self) -> String {
        format!(
            "{:>6} {:<7} {:<4} {:<8} median {:>9} min {:>9} rss {:>7}",
            self.n,
            self.tool,
            self.format,
            self.audience,
            ms(self.median),
            ms(self.min),
            self.rss.map_or("–".into(), mib)
        )
    }
}

/// Runs `argv` (program first) `reps` times after one untimed run, which also checks that it
/// succeeds; then once more under GNU time for the peak resident set size.
#[allow(clippy::too_many_arguments)]
pub fn measure(
    n: usize,
    tool: &'static str,
    format: &'static str,
    audience: &'static str,
    argv: &[OsString],
    reps: usize,
    gnu_time: bool,
    out: &Path,
) -> Result {
    let run = |prefix: &[OsString]| {
        let all: Vec<&OsString> = prefix.iter().chain(argv).collect();
        let mut c = Command::new(all[0]);
        c.args(&all[1..]).stdin(Stdio::null()).stdout(Stdio::null());
        c
    };
    // A failed run ends the benchmark with the tool's own message: its times would mean nothing.
    let checked = |mut c: Command| {
        let output = c.stderr(Stdio::piped()).output().expect("spawn");
        if !output.status.success() {
            eprintln!("{tool} failed at {n} requirements ({format}, {audience}):");
            eprintln!("{}", String::from_utf8_lossy(&output.stderr));
            std::process::exit(1);
        }
    };
    checked(run(&[]));
    let mut times = Vec::with_capacity(reps);
    for _ in 0..reps {
        let mut c = run(&[]);
        c.stderr(Stdio::null());
        let start = Instant::now();
        let status = c.status().expect("spawn");
        times.push(start.elapsed());
        assert!(status.success(), "{tool} failed");
    }
    times.sort();
    let rss = gnu_time.then(|| {
        let file = out.with_extension("rss");
        let prefix: Vec<OsString> = [GNU_TIME, "-f", "%M", "-o"]
            .iter()
            .map(OsString::from)
            .chain([file.clone().into_os_string()])
            .collect();
        checked(run(&prefix));
        let text = std::fs::read_to_string(&file).expect("time's output");
        let _ = std::fs::remove_file(&file);
        // GNU time writes a note before the number when the command fails; it did not here.
        text.trim()
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok())
            .expect("%M is a number")
    });
    Result {
        n,
        tool,
        format,
        audience,
        median: times[times.len() / 2],
        min: times[0],
        rss,
        bytes: std::fs::metadata(out).map_or(0, |m| m.len()),
    }
}

/// An argument list: words, then paths.
pub fn os<'a>(words: impl IntoIterator<Item = &'a str>, paths: impl IntoIterator<Item = &'a PathBuf>) -> Vec<OsString> {
    words
        .into_iter()
        .map(OsString::from)
        .chain(paths.into_iter().map(|p| p.clone().into_os_string()))
        .collect()
}

pub fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms < 1.0 {
        format!("{ms:.2} ms")
    } else if ms < 100.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

pub fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

pub fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{:.0} KiB", bytes as f64 / 1024.0)
    }
}

/// The machine, as docs/benchmarks.md records it.
pub fn machine(kravkat: &str, pandoc: Option<&str>) -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown".into());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        .map_or_else(
            || "unknown".into(),
            |kib| format!("{:.1} GiB", kib as f64 / (1 << 20) as f64),
        );
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let version = Command::new(kravkat)
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    format!(
        "- CPU: {cpu}, {cpus} available\n- memory: {mem}\n- {}\n- {version} ({kravkat})\n- pandoc: {}\n\
         - load average at the start (1, 5, 15 min): {}\n",
        std::env::consts::OS,
        pandoc.unwrap_or("not run"),
        load_average()
    )
}

/// Other work on the machine slows every run; the load average says how much there was.
pub fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let fields: Vec<&str> = text.split_whitespace().take(3).collect();
    if fields.is_empty() {
        "unknown".into()
    } else {
        fields.join(", ")
    }
}

pub fn pandoc_version() -> Option<String> {
    let o = Command::new("pandoc").arg("--version").output().ok()?;
    o.status.success().then(|| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .to_owned()
    })
}

/// A deterministic generator (xorshift64*): the same catalogue on every run and machine.
pub struct Rng(u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

pub const SUBJECTS: &[&str] = &[
    "Systemet",
    "Leverantören",
    "Tjänsten",
    "Systemets API",
    "Exportfunktionen",
    "Plattformen",
    "Lösningen",
    "E-tjänsten",
];
pub const ACTIONS: &[&str] = &[
    "kunna exportera all information i ett öppet och dokumenterat format",
    "tillhandahålla ett väldokumenterat API för läsning och skrivning av ärenden",
    "logga varje åtkomst till personuppgifter med tidpunkt, användare och ändamål",
    "stödja gallring enligt Köparens informationshanteringsplan",
    "kunna överföra handlingar till e-arkiv enligt FGS för ärendehantering",
    "hantera å, ä och ö korrekt i alla fält, sökningar och exporter",
    "möjliggöra inloggning med e-legitimation på tillitsnivå 3",
    "presentera behörighetsstyrd information utan fördröjning för handläggaren",
    "kunna ta emot e-fakturor i formatet Peppol BIS Billing 3",
    "lagra all data inom EU/EES och redovisa var driften sker",
    "meddela Köparen senast 30 dagar före förändringar som påverkar integrationer",
    "avveckla tjänsten utan att data går förlorad för Köparen",
];
pub const TAILS: &[&str] = &[
    "",
    " under hela avtalsperioden",
    " utan extra kostnad för Köparen",
    " enligt gällande lagstiftning",
    " inom fem arbetsdagar från beställning",
    " för samtliga verksamhetsområden",
];
pub const EXTRAS: &[&str] = &[
    "Det gäller även information som skapats före avtalsstart.",
    "Köparen ska kunna göra detta själv, utan leverantörens medverkan.",
    "Dokumentationen ska vara skriven på svenska eller engelska.",
    "Förändringar ska föregås av en överenskommelse om tidplan och påverkan.",
    "Exporterade filer ska vara maskinläsbara och fullständiga, med metadata och relationer.",
    "Åtkomsten ska kunna följas upp i efterhand av Köparens förvaltning.",
];
pub const LIST_ITEMS: &[&str] = &[
    "ärenden med handlingar och beslut",
    "användare, roller och behörigheter",
    "loggar över åtkomst och ändringar",
    "metadata enligt Köparens informationsmodell",
    "bilagor i sitt ursprungliga format",
    "historik över status och handläggare",
    "statistik per månad och enhet",
];
pub const GUIDANCE: &[&str] = &[
    "Används när verksamheten är beroende av att informationen kan återanvändas i andra system.",
    "Kan utgå om motsvarande krav finns i upphandlingens allmänna villkor.",
    "Stäm av med arkivet och informationssäkerhetsfunktionen innan kravet ställs.",
    "Kravet är särskilt viktigt vid byte av leverantör; se även avsnittet om avveckling.",
    "Ange gärna i vilken omfattning kravet ska verifieras vid leverans.",
];
pub const SPECIFY: &[&str] = &[
    "Ange vilka format som ska stödjas, exempelvis JSON, XML eller CSV.",
    "Specificera hur ofta exporten ska ske, till exempel dagligen eller varje timme.",
    "Ange vilka e-legitimationer som ska accepteras.",
    "Beskriv vilka informationsmängder som omfattas.",
];
pub const CATEGORIES: &[&str] = &[
    "Äga data",
    "API",
    "Dataexport",
    "Gallring",
    "Arkivering",
    "Avveckling av tjänst",
    "Dataöverföring",
    "Informationssäkerhet",
    "Åtkomst och behörighet",
    "Loggning och spårbarhet",
];

/// A requirement sentence, sometimes with emphasis or inline code.
pub fn sentence(rng: &mut Rng, level: &str) -> String {
    let verb = if level == "Ska" { "ska" } else { "bör" };
    let mut action = rng.pick(ACTIONS).to_owned();
    match rng.below(10) {
        0 => action = format!("*{action}*"),
        1 => action = action.replacen("öppet", "**öppet**", 1),
        2 => action = action.replacen("API", "`API`", 1),
        _ => {}
    }
    format!("{} {verb} {}{}.", rng.pick(SUBJECTS), action, rng.pick(TAILS))
}

/// An item's text: one to three paragraphs, sometimes a list or a link.
pub fn requirement_text(rng: &mut Rng, level: &str) -> String {
    let mut paragraphs = vec![sentence(rng, level)];
    if rng.chance(60) {
        let extra = rng.pick(EXTRAS).to_owned();
        paragraphs[0].push(' ');
        paragraphs[0].push_str(&extra);
    }
    if rng.chance(25) {
        let ordered = rng.chance(25);
        let list: Vec<String> = (0..2 + rng.below(3))
            .map(|i| {
                let marker = if ordered { format!("{}.", i + 1) } else { "-".into() };
                format!("{marker} {}", rng.pick(LIST_ITEMS))
            })
            .collect();
        paragraphs.push(format!("Det omfattar minst:\n\n{}", list.join("\n")));
    }
    if rng.chance(30) {
        paragraphs.push(rng.pick(EXTRAS).to_owned());
    }
    if rng.chance(8) {
        paragraphs.push(format!(
            "Se [vägledningen för öppna API:er](https://www.example.se/vagledning/{}) för **detaljer**.",
            rng.below(500)
        ));
    }
    paragraphs.join("\n\n")
}

/// A YAML block scalar at `indent` spaces.
pub fn block(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut s = String::from("|\n");
    for line in text.lines() {
        if !line.is_empty() {
            s.push_str(&pad);
            s.push_str(line);
        }
        s.push('\n');
    }
    s
}

/// Writes `bench-N.yaml` (the catalogue) and `profil-N.yaml` into `dir`; returns the profile.
pub fn generate(dir: &Path, n: usize) -> PathBuf {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ n as u64);
    // About a hundred items per category, at least five categories.
    let categories: Vec<String> = (0..(n / 100).max(5))
        .map(|i| {
            let base = CATEGORIES[i % CATEGORIES.len()];
            if i < CATEGORIES.len() {
                base.to_owned()
            } else {
                format!("{base} {}", i / CATEGORIES.len() + 1)
            }
        })
        .collect();
    let per = n.div_ceil(categories.len());
    let mut c = String::new();
    c.push_str(
        "id: bench\ntitle: Kravkatalog för prestandamätning\npublisher: kravkat\nversion: \"1.0\"\n\
         date: \"2026-01-01\"\nsource: Genererad av benches/build.rs.\nnumbering: published\n\
         attribution:\n  rule: null\n  statement: >-\n    Kraven kommer från Kravkatalog för \
         prestandamätning, version 1.0 (2026-01-01), genererad av kravkat.\ncategories:\n",
    );
    for name in &categories {
        writeln!(c, "  - name: {name}").unwrap();
    }
    c.push_str("items:\n");
    let mut ids = Vec::with_capacity(n);
    let mut levels = Vec::with_capacity(n);
    for i in 0..n {
        let (k, j) = (i / per, i % per);
        let id = format!("{}.{}", k + 1, j + 1);
        let level = if rng.chance(80) { "Ska" } else { "Bör" };
        writeln!(c, "  - id: \"{id}\"\n    kind: requirement\n    level: {level}").unwrap();
        writeln!(c, "    category: {}", categories[k]).unwrap();
        write!(c, "    text: {}", block(&requirement_text(&mut rng, level), 6)).unwrap();
        if rng.chance(30) {
            write!(c, "    specify: {}", block(rng.pick(SPECIFY), 6)).unwrap();
        }
        if rng.chance(80) {
            let mut g = rng.pick(GUIDANCE).to_owned();
            if rng.chance(30) {
                g.push_str("\n\n");
                g.push_str(rng.pick(GUIDANCE));
            }
            write!(c, "    guidance: {}", block(&g, 6)).unwrap();
        }
        if i > 0 && rng.chance(10) {
            let target = &ids[rng.below(i)];
            let relation = if rng.chance(50) { "clarifies" } else { "details" };
            writeln!(
                c,
                "    references:\n      - item: \"{target}\"\n        relation: {relation}"
            )
            .unwrap();
        } else if rng.chance(2) {
            c.push_str(
                "    references:\n      - external: \"EIF 5\"\n        title: Teknisk neutralitet\n        \
                 relation: relates\n",
            );
        }
        ids.push(id);
        levels.push(level);
    }
    std::fs::write(dir.join(format!("bench-{n}.yaml")), c).expect("write the catalogue");

    // The profile: the whole catalogue, with about 1 % excluded, 2 % changed in level, 1 % with
    // replaced text, 5 % specified, and 1 % own requirements (at least three).
    let mut p = format!(
        "procurement:\n  title: Upphandling av verksamhetssystem – prestandamätning med {n} krav\n  \
         organisation: Åmåls kommun\n  reference: \"KS 2026/0001\"\n  date: \"2026-03-01\"\n  \
         contact: Upphandlingsenheten\n  description: >-\n    Bilagan anger kraven på *dataåtkomst*, \
         export och arkivering.\ncatalogs:\n  - path: bench-{n}.yaml\nselect:\n  catalogs: [bench]\n"
    );
    let mut exclude = String::new();
    let mut changes = String::new();
    for (i, id) in ids.iter().enumerate() {
        match rng.below(100) {
            0 => writeln!(exclude, "  \"{id}\": Regleras i ramavtalets allmänna villkor.").unwrap(),
            1 | 2 => {
                let to = if levels[i] == "Ska" { "Bör" } else { "Ska" };
                writeln!(
                    changes,
                    "  \"{id}\":\n    level: {to}\n    reason: Kravet utvärderas i stället för att vara obligatoriskt."
                )
                .unwrap();
            }
            3 => writeln!(
                changes,
                "  \"{id}\":\n    text: {}    reason: Kommunens informationshanteringsplan kräver det.",
                block(&requirement_text(&mut rng, levels[i]), 6)
            )
            .unwrap(),
            4..=8 => writeln!(
                changes,
                "  \"{id}\":\n    specify: >-\n      Med löpande export avses var fjärde timme, och formatet är JSON."
            )
            .unwrap(),
            _ => {}
        }
    }
    if !exclude.is_empty() {
        p.push_str("exclude:\n");
        p.push_str(&exclude);
    }
    if !changes.is_empty() {
        p.push_str("changes:\n");
        p.push_str(&changes);
    }
    p.push_str("own:\n");
    for i in 0..(n / 100).max(3) {
        write!(
            p,
            "  - id: EGEN-{}\n    level: Ska\n    category: Integration\n    text: {}    guidance: Följ upp vid leverans.\n    \
             reason: Kommunen tar emot e-fakturor via Peppol enligt lag (2018:1277).\n",
            i + 1,
            block(&requirement_text(&mut rng, "Ska"), 6)
        )
        .unwrap();
        if i % 3 == 0 {
            writeln!(p, "    references: [\"{}\"]", ids[rng.below(n)]).unwrap();
        }
    }
    let path = dir.join(format!("profil-{n}.yaml"));
    std::fs::write(&path, p).expect("write the profile");
    path
}
