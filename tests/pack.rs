//! The pack as a unit: written whole or not at all, checked against its
//! manifest, and stale when the engagement moves on.

mod common;

use std::path::Path;

use handover::pack::{self, Manifest, OutputRecord, Pack, PackFile};

/// A pack with made-up outputs (the renderers are tested elsewhere).
fn fake_pack(id: &str, content: &str) -> Pack {
    let outputs = vec![
        PackFile {
            name: "statement-en-US.pdf".into(),
            bytes: format!("%PDF {content}").into_bytes(),
        },
        PackFile {
            name: "tracker-en-US.xlsx".into(),
            bytes: format!("PK {content}").into_bytes(),
        },
    ];
    let loaded = common::load_str(common::BASE).unwrap();
    let manifest = Manifest {
        tool: "handover".into(),
        tool_version: "test".into(),
        engagement: id.into(),
        locales: vec!["en-US".into()],
        state: "draft".into(),
        fingerprint: "0000-0000-0000".into(),
        content_sha256: handover::report::content_sha256(&loaded.catalogue, &loaded.engagement),
        inputs: vec![],
        outputs: outputs.iter().map(OutputRecord::of).collect(),
        snapshot: loaded.engagement.clone(),
    };
    let mut files = outputs;
    files.push(PackFile {
        name: pack::MANIFEST.into(),
        bytes: serde_json::to_vec_pretty(&manifest).unwrap(),
    });
    Pack {
        id: id.into(),
        files,
        warnings: vec![],
        manifest,
    }
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect();
    v.sort();
    v
}

fn names(dir: &Path) -> Vec<String> {
    snapshot(dir).into_iter().map(|(n, _)| n).collect()
}

#[test]
fn writes_a_pack_and_replaces_it_whole() {
    let out = tempfile::tempdir().unwrap();
    let dir = pack::write(&fake_pack("ENG-1", "one"), out.path(), false).unwrap();
    assert_eq!(dir, out.path().join("ENG-1"));
    assert_eq!(
        names(&dir),
        ["manifest.json", "statement-en-US.pdf", "tracker-en-US.xlsx"]
    );
    pack::write(&fake_pack("ENG-1", "two"), out.path(), false).unwrap();
    assert_eq!(
        std::fs::read(dir.join("statement-en-US.pdf")).unwrap(),
        b"%PDF two"
    );
    // Nothing but the pack is left in OUT: no staging or old folders.
    assert_eq!(names(out.path()), ["ENG-1"]);
}

#[test]
fn a_staged_pack_takes_files_early_from_another_thread_and_the_rest_at_commit() {
    let out = tempfile::tempdir().unwrap();
    let old = pack::write(&fake_pack("ENG-1", "old"), out.path(), false).unwrap();
    let p = fake_pack("ENG-1", "new");
    let staging = pack::Staging::new("ENG-1", out.path(), false).unwrap();
    std::thread::scope(|s| {
        s.spawn(|| staging.add(&p.files[1]).unwrap());
    });
    // Staged, not yet in place: the old pack is whole, the tracker waits
    // in a hidden folder beside it.
    assert_eq!(
        std::fs::read(old.join("tracker-en-US.xlsx")).unwrap(),
        b"PK old"
    );
    let hidden: Vec<String> = names(out.path())
        .into_iter()
        .filter(|n| n.starts_with(".ENG-1.new-"))
        .collect();
    assert_eq!(hidden.len(), 1, "{:?}", names(out.path()));
    assert_eq!(names(&out.path().join(&hidden[0])), ["tracker-en-US.xlsx"]);
    let dir = staging.commit(&p).unwrap();
    assert_eq!(snapshot(&dir), {
        let mut want: Vec<(String, Vec<u8>)> = p
            .files
            .iter()
            .map(|f| (f.name.clone(), f.bytes.clone()))
            .collect();
        want.sort();
        want
    });
    assert_eq!(names(out.path()), ["ENG-1"]);
}

#[test]
fn a_staged_pack_dropped_before_its_commit_leaves_nothing() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("packs").join("2026");
    let p = fake_pack("ENG-1", "x");
    let staging = pack::Staging::new("ENG-1", &out, false).unwrap();
    // Nothing is written before the first file.
    assert!(!out.exists());
    staging.add(&p.files[0]).unwrap();
    assert!(out.is_dir());
    drop(staging);
    // The folders it made for the pack are gone with it.
    assert!(names(root.path()).is_empty(), "{:?}", names(root.path()));
    // A folder that was there stays, empty.
    let kept = tempfile::tempdir().unwrap();
    let staging = pack::Staging::new("ENG-1", kept.path(), false).unwrap();
    staging.add(&p.files[0]).unwrap();
    drop(staging);
    assert!(kept.path().is_dir());
    assert!(names(kept.path()).is_empty());
}

#[test]
fn a_staged_pack_refuses_a_folder_that_is_not_a_pack_before_anything_is_written() {
    let out = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(out.path().join("ENG-1")).unwrap();
    std::fs::write(out.path().join("ENG-1/notes.txt"), "keep").unwrap();
    let err = pack::Staging::new("ENG-1", out.path(), false).unwrap_err();
    assert!(err.to_string().contains("is not a handover pack"), "{err}");
    assert_eq!(names(out.path()), ["ENG-1"]);
}

#[test]
fn a_failure_midway_leaves_the_previous_pack_byte_for_byte() {
    let out = tempfile::tempdir().unwrap();
    let dir = pack::write(&fake_pack("ENG-1", "old"), out.path(), false).unwrap();
    let before = snapshot(&dir);
    let mut written = 0;
    let err = pack::write_with(
        &fake_pack("ENG-1", "new"),
        out.path(),
        false,
        |path, bytes| {
            written += 1;
            if written == 2 {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::StorageFull,
                    "No space left on device",
                ));
            }
            pack::write_file(path, bytes)
        },
    )
    .unwrap_err();
    assert_eq!(written, 2, "the failure came after one file was written");
    let msg = err.to_string();
    assert!(
        msg.contains("No space left on device") && msg.contains("previous pack"),
        "{msg}"
    );
    assert!(msg.contains("tracker-en-US.xlsx"), "names the file: {msg}");
    assert_eq!(snapshot(&dir), before);
    assert_eq!(
        names(out.path()),
        ["ENG-1"],
        "no partial folder left behind"
    );
}

#[test]
fn a_staged_pack_written_side_by_side_tells_the_first_failure_in_order_and_keeps_the_old_pack() {
    let out = tempfile::tempdir().unwrap();
    let dir = pack::write(&fake_pack("ENG-1", "old"), out.path(), false).unwrap();
    let before = snapshot(&dir);
    // Files in a folder the staging folder lacks cannot be written: two of
    // them, flushed side by side, both fail; the first in the pack's order
    // is the one told, every time.
    let mut broken = fake_pack("ENG-1", "new");
    broken.files[0].name = "no-such-folder/first.pdf".into();
    broken.files[1].name = "no-such-folder/second.xlsx".into();
    for _ in 0..20 {
        let staging = pack::Staging::new("ENG-1", out.path(), false).unwrap();
        let err = staging.commit(&broken).unwrap_err().to_string();
        assert!(
            err.contains("first.pdf") && !err.contains("second.xlsx"),
            "{err}"
        );
        assert_eq!(snapshot(&dir), before);
        assert_eq!(
            names(out.path()),
            ["ENG-1"],
            "no partial folder left behind"
        );
    }
    // And a whole pack, staged, is committed with every file; one added
    // beforehand is not written again (marked in the staging folder behind
    // the staging's back, the mark reaches the pack).
    let staging = pack::Staging::new("ENG-1", out.path(), false).unwrap();
    let new = fake_pack("ENG-1", "new");
    staging.add(&new.files[1]).unwrap();
    let staged: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".ENG-1.new-")
        })
        .collect();
    assert_eq!(staged.len(), 1, "{staged:?}");
    std::fs::write(staged[0].join(&new.files[1].name), "written once").unwrap();
    let dir = staging.commit(&new).unwrap();
    for f in &new.files {
        let want = if f.name == new.files[1].name {
            b"written once".to_vec()
        } else {
            f.bytes.clone()
        };
        assert_eq!(
            std::fs::read(dir.join(&f.name)).unwrap(),
            want,
            "{}",
            f.name
        );
    }
}

/// Whether this file system trades two names in one step (Linux's
/// `RENAME_EXCHANGE`); where it cannot, a pack is replaced in two renames.
#[cfg(target_os = "linux")]
fn exchange_works(dir: &Path) -> bool {
    let (a, b) = (dir.join("a"), dir.join("b"));
    std::fs::create_dir(&a).unwrap();
    std::fs::create_dir(&b).unwrap();
    let ok = rustix::fs::renameat_with(
        rustix::fs::CWD,
        &a,
        rustix::fs::CWD,
        &b,
        rustix::fs::RenameFlags::EXCHANGE,
    )
    .is_ok();
    std::fs::remove_dir(&a).unwrap();
    std::fs::remove_dir(&b).unwrap();
    ok
}

#[cfg(target_os = "linux")]
#[test]
fn a_reader_always_finds_the_pack_folder_while_it_is_replaced() {
    use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
    let out = tempfile::tempdir().unwrap();
    if !exchange_works(out.path()) {
        eprintln!("skipped: this file system cannot trade two names in one step");
        return;
    }
    let dir = pack::write(&fake_pack("ENG-1", "0"), out.path(), false).unwrap();
    let (stop, looks) = (AtomicBool::new(false), AtomicU32::new(0));
    let ready = std::sync::Barrier::new(2);
    let misses = std::thread::scope(|s| {
        let reader = s.spawn(|| {
            ready.wait();
            let mut misses = 0u32;
            while !stop.load(Ordering::Relaxed) {
                looks.fetch_add(1, Ordering::Relaxed);
                if !std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
                    misses += 1;
                }
            }
            misses
        });
        ready.wait();
        // At least 100 replacements, and as many as the reader needs to
        // have looked 1,000 times.
        let mut i = 0;
        while i < 100 || looks.load(Ordering::Relaxed) < 1_000 {
            i += 1;
            pack::write(&fake_pack("ENG-1", &i.to_string()), out.path(), false).unwrap();
        }
        stop.store(true, Ordering::Relaxed);
        (reader.join().unwrap(), i)
    });
    let (misses, last) = misses;
    let looks = looks.load(Ordering::Relaxed);
    assert_eq!(misses, 0, "{misses} of {looks} looks found no folder");
    assert_eq!(
        names(out.path()),
        ["ENG-1"],
        "nothing staged or aside is left"
    );
    assert_eq!(
        std::fs::read(dir.join("statement-en-US.pdf")).unwrap(),
        format!("%PDF {last}").into_bytes()
    );
}

#[test]
fn a_failure_on_a_first_build_leaves_nothing() {
    let out = tempfile::tempdir().unwrap();
    let err = pack::write_with(&fake_pack("ENG-2", "x"), out.path(), false, |_, _| {
        Err(std::io::Error::other("disk on fire"))
    });
    assert!(err.is_err());
    assert!(names(out.path()).is_empty());
}

#[test]
fn refuses_to_replace_a_folder_that_is_not_a_pack_without_force() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("ENG-1");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("my-notes.txt"), "keep me").unwrap();
    let err = pack::write(&fake_pack("ENG-1", "x"), out.path(), false).unwrap_err();
    assert!(err.to_string().contains("is not a handover pack"), "{err}");
    assert_eq!(
        std::fs::read_to_string(target.join("my-notes.txt")).unwrap(),
        "keep me"
    );
    pack::write(&fake_pack("ENG-1", "x"), out.path(), true).unwrap();
    assert_eq!(
        names(&target),
        ["manifest.json", "statement-en-US.pdf", "tracker-en-US.xlsx"]
    );
}

#[test]
fn verify_names_changed_missing_and_extra_files() {
    let out = tempfile::tempdir().unwrap();
    let dir = pack::write(&fake_pack("ENG-1", "v"), out.path(), false).unwrap();
    let v = pack::verify(&dir, None).unwrap();
    assert!(v.holds());
    assert_eq!(v.ok, ["statement-en-US.pdf", "tracker-en-US.xlsx"]);
    std::fs::write(dir.join("statement-en-US.pdf"), b"%PDF tampered").unwrap();
    std::fs::remove_file(dir.join("tracker-en-US.xlsx")).unwrap();
    std::fs::write(dir.join("extra.txt"), b"?").unwrap();
    let v = pack::verify(&dir, None).unwrap();
    assert!(!v.holds());
    assert_eq!(v.changed, ["statement-en-US.pdf"]);
    assert_eq!(v.missing, ["tracker-en-US.xlsx"]);
    assert_eq!(v.extra, ["extra.txt"]);
}

#[test]
fn verify_with_the_engagement_says_current_or_lists_what_changed() {
    let out = tempfile::tempdir().unwrap();
    let dir = pack::write(&fake_pack("ENG-1", "v"), out.path(), false).unwrap();
    let same = common::load_str(common::BASE).unwrap();
    let v = pack::verify(&dir, Some(&same)).unwrap();
    assert_eq!(v.stale, Some(vec![]));
    assert!(v.holds());
    let moved = common::base_with(
        "GEN-02: { status: in-progress, owner: jane, due: 2026-11-30 }",
        "GEN-02: { status: done, owner: minjun, due: 2026-11-30, done_on: 2026-11-19 }",
    )
    .replace(
        "title: FastTrack Manager }",
        "title: FastTrack Manager, date: 2026-11-20 }",
    )
    .replace("target: 2026-12-15", "target: 2027-01-15")
    .replace(
        "  GEN-04: { status: not-applicable, note: 해당 없음 }\n",
        "",
    );
    let loaded = common::load_str(&moved).unwrap();
    let v = pack::verify(&dir, Some(&loaded)).unwrap();
    assert!(!v.holds());
    let stale: Vec<String> = v.stale.unwrap().iter().map(ToString::to_string).collect();
    assert_eq!(
        stale,
        [
            "engagement target: 2026-12-15 → 2027-01-15",
            "GEN-02 status: in-progress → done",
            "GEN-02 owner: jane → minjun",
            "GEN-02 done_on: — → 2026-11-19",
            "GEN-04 status: not-applicable → not-started",
            "GEN-04 note: 해당 없음 → —",
            "sign-off provider Jane Doe date: — → 2026-11-20",
        ]
    );
}

#[test]
fn verify_without_a_manifest_is_an_error() {
    let out = tempfile::tempdir().unwrap();
    let err = pack::verify(out.path(), None).unwrap_err();
    assert!(
        err.to_string().contains("manifest.json: cannot read it"),
        "{err}"
    );
    std::fs::write(out.path().join("manifest.json"), "{\"tool\": 1}").unwrap();
    let err = pack::verify(out.path(), None).unwrap_err();
    assert!(err.to_string().contains("not a handover manifest"), "{err}");
}

#[test]
fn a_staged_pack_checks_its_target_again_at_the_commit() {
    let out = tempfile::tempdir().unwrap();
    let p = fake_pack("ENG-1", "x");
    let staging = pack::Staging::new("ENG-1", out.path(), false).unwrap();
    staging.add(&p.files[1]).unwrap();
    // While the pack was rendered, someone put their own folder there.
    std::fs::create_dir_all(out.path().join("ENG-1")).unwrap();
    std::fs::write(out.path().join("ENG-1/notes.txt"), "keep").unwrap();
    let err = staging.commit(&p).unwrap_err();
    assert!(err.to_string().contains("is not a handover pack"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.path().join("ENG-1/notes.txt")).unwrap(),
        "keep"
    );
    assert_eq!(names(out.path()), ["ENG-1"], "no staging folder left");
}

#[test]
fn render_with_hands_over_each_tracker_as_the_pack_lists_it() {
    use handover::locale::{Languages, Locale};
    use handover::pdf::Typesetter;
    use handover::template::Template;
    use std::sync::Mutex;

    let loaded = common::load_str(common::BASE).unwrap();
    let ts = Typesetter::new(&Template::bundled().unwrap()).unwrap();
    let locales = [Languages::one(Locale::KO_KR), Languages::one(Locale::EN_US)];
    let render = |only| {
        let handed = Mutex::new(Vec::new());
        let pack = pack::render_with(
            &loaded,
            &[],
            &ts,
            &pack::Options {
                locales: &locales,
                only,
                fallback_date: None,
                for_signature: false,
                attachments: true,
            },
            &|f| {
                handed.lock().unwrap().push(f.clone());
                Ok(())
            },
        )
        .unwrap();
        (pack, handed.into_inner().unwrap())
    };
    let (p, handed) = render(None);
    let names: Vec<&str> = handed.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["tracker-ko-KR.xlsx", "tracker-en-US.xlsx"]);
    for f in &handed {
        let listed = p.files.iter().find(|l| l.name == f.name).unwrap();
        assert_eq!(listed.bytes, f.bytes);
        assert!(f.bytes.starts_with(b"PK\x03\x04"));
    }
    // A statement alone still attaches its tracker, but hands none over.
    let (p, handed) = render(Some(pack::Only::Pdf));
    assert!(handed.is_empty());
    assert!(p.files.iter().all(|f| !f.name.starts_with("tracker-")));
    // A failure to write one fails the pack.
    let err = pack::render_with(
        &loaded,
        &[],
        &ts,
        &pack::Options {
            locales: &locales[..1],
            only: None,
            fallback_date: None,
            for_signature: false,
            attachments: true,
        },
        &|f| {
            Err(pack::PackError::Write {
                path: f.name.clone().into(),
                source: std::io::Error::other("disk full"),
            })
        },
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("tracker-ko-KR.xlsx") && err.to_string().contains("disk full"),
        "{err}"
    );
}
