{#- One row per vestiging: its row in the latest delivered snapshot of DUO "02. Alle vestigingen vo"
    (a snapshot without a year in its file name counts as the newest; between loads of the same
    snapshot year the last loaded). The one definition of "the latest vestigingen snapshot" that
    dim_vestiging, int_vestiging__locatie and int_sto_regio__membership read. The staging rows pass
    through unchanged: a row is its load and its line in the file. -#}
with snapshots as (
    select * from {{ ref('stg_duo__vestigingen') }}
),

recency as (
    select
        _load_id,
        _source_row,
        row_number() over (
            partition by vestiging_id
            order by coalesce(snapshot_schooljaar, 9999) desc, loaded_at desc
        ) as recency
    from snapshots
)

select snapshots.*
from snapshots
inner join recency
    on recency._load_id = snapshots._load_id and recency._source_row = snapshots._source_row
where recency.recency = 1
