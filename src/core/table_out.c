/*
 * table_out.c — CSV and xlsx ledgers (see table_out.h).
 */
#include "core/table_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "util/csv.h"
#include "util/jbuf.h"
#include "util/mem.h"

struct jc_table_out {
    FILE *csv;
    jbuf line;
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *head;
    lxw_row_t row;
    char *path;
};

int jc_table_open(const char *path, const char *format, const char *sheet, jc_table_out **out,
                  jc_err *err)
{
    jc_table_out *t;
    *out = NULL;
    if (strcmp(format, "csv") && strcmp(format, "xlsx"))
        return jc_failf(err, 400, "BAD_FORMAT", "format", "", "不支持的格式：%s（csv 或 xlsx）",
                        "unsupported format: %s (csv or xlsx)", format);
    t = xcalloc(1, sizeof *t);
    t->path = xstrdup(path);
    jb_init(&t->line);
    if (!strcmp(format, "csv")) {
        t->csv = fopen(path, "wb");
        if (!t->csv) goto fail;
        fputs("\xEF\xBB\xBF", t->csv);
    } else {
        t->wb = workbook_new(path);
        if (!t->wb) goto fail;
        t->ws = workbook_add_worksheet(t->wb, sheet);
        t->head = workbook_add_format(t->wb);
        format_set_bold(t->head);
        format_set_bg_color(t->head, 0xF2DCDB);
        worksheet_freeze_panes(t->ws, 1, 0);
    }
    *out = t;
    return JC_OK;
fail:
    jc_failf(err, 400, "FILE_OPEN", "out", "", "无法创建文件 %s", "cannot create file %s", path);
    jb_free(&t->line);
    free(t->path);
    free(t);
    return JC_FAIL;
}

int jc_table_row(jc_table_out *t, const char *const *cells, size_t n, jc_err *err)
{
    size_t i;
    if (t->csv) {
        jb_reset(&t->line);
        jc_csv_write_row(&t->line, cells, n);
        if (fwrite(t->line.p, 1, t->line.len, t->csv) != t->line.len)
            return jc_failf(err, 500, "FILE_WRITE", "out", "", "写入 %s 失败", "writing %s failed", t->path);
        return JC_OK;
    }
    for (i = 0; i < n; i++) {
        if (!cells[i] || !*cells[i]) continue;
        worksheet_write_string(t->ws, t->row, (lxw_col_t)i, cells[i], t->row ? NULL : t->head);
    }
    if (t->row == 0) worksheet_set_column(t->ws, 0, (lxw_col_t)(n ? n - 1 : 0), 16, NULL);
    t->row++;
    return JC_OK;
}

int jc_table_close(jc_table_out *t, jc_err *err)
{
    int rc = JC_OK;
    if (!t) return JC_OK;
    if (t->csv && fclose(t->csv) != 0) rc = JC_FAIL;
    if (t->wb) {
        lxw_error e = workbook_close(t->wb);
        if (e != LXW_NO_ERROR) rc = JC_FAIL;
    }
    if (rc != JC_OK)
        jc_failf(err, 500, "FILE_WRITE", "out", "", "写入 %s 失败", "writing %s failed", t->path);
    jb_free(&t->line);
    free(t->path);
    free(t);
    return rc;
}
