{#- One row per indicator, generated from `meta.indicators` in the YAML of the producing model. -#}
{{ indicator_catalog_rows() }}
