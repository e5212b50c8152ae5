-- Claims on work that only one instance may do at a time (a file being read, a mail being processed).
-- A claim older than the expiry belongs to a process that died and may be taken over. An instance may
-- take its own claim again: one it could not release while the database was down (it never works on
-- the same key twice at once: Camel's in-progress list and the one mail consumer see to that).

-- name: claim
insert into file_claim (repository, claim_key, claimed_by) values (?, ?, ?)
on conflict (repository, claim_key) do update
   set claimed_by = excluded.claimed_by, claimed_at = now()
 where file_claim.claimed_at < now() - make_interval(secs => ?)
    or file_claim.claimed_by = excluded.claimed_by

-- name: exists
select 1 from file_claim where repository = ? and claim_key = ?

-- Only the holder releases a claim: a release that reaches the database late (a rollback, a parallel
-- consumer finishing) must never free a file another instance has taken meanwhile.
-- name: release
delete from file_claim where repository = ? and claim_key = ? and claimed_by = ?

-- name: clear
delete from file_claim where repository = ?

-- Every claim held (a handful at most: a claim lasts while its file or mail is in hand), to find those of
-- processes of this machine that no longer run.
-- name: held
select repository, claim_key, claimed_by from file_claim

-- name: releaseHeld
delete from file_claim where repository = ? and claim_key = ? and claimed_by = ?
