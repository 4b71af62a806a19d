{#- The teacher-training programmes of G17 (the six most common lerarenopleidingen of technical
    teachers, report 002:L5079): CROHO code as DUO's hbo files carry it, the programme it counts for (its
    own code; a predecessor code counts for its successor) and the technical-teacher-training flag. -#}
select
    opleidingscode,
    programma_code,
    opleidingsnaam,
    technische_lerarenopleiding = 'J' as is_technische_lerarenopleiding
from (
    {{ reference_rows('lerarenopleidingen_techniek', [
        'opleidingscode', 'programma_code', 'opleidingsnaam', 'technische_lerarenopleiding'
    ]) }}
) as opleidingen
