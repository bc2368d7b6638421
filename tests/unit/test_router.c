/*
 * test_router.c — unit tests of path matching (jc_http_match) and of the route table
 * lookup: parameters, percent-decoding per segment, trailing slashes, extra segments,
 * malformed paths, 405 Allow lists, and table validation. Pure: no sockets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/http.h"
#include "http/internal.h"

/* Match with a scratch buffer of exactly the documented size, so ASan sees overruns. */
static int match(const char *pattern, const char *path, const char **params, int *np,
                 char **scratch_out)
{
    char *scratch = malloc(strlen(path) + 1);
    int m;

    assert_non_null(scratch);
    m = jc_http_match(pattern, path, scratch, params, np);
    *scratch_out = scratch;
    return m;
}

static int matches(const char *pattern, const char *path)
{
    const char *params[JC_HTTP_MAX_PARAMS];
    char *scratch;
    int np, m = match(pattern, path, params, &np, &scratch);

    free(scratch);
    return m;
}

static void test_literal(void **state)
{
    assert_true(matches("/api/v1/orgs", "/api/v1/orgs"));
    assert_false(matches("/api/v1/orgs", "/api/v1/org"));
    assert_false(matches("/api/v1/orgs", "/api/v1/orgsx"));
    assert_false(matches("/api/v1/orgs", "/api/v1"));
    assert_true(matches("/", "/"));
    assert_false(matches("/", "/x"));
    assert_false(matches("/x", "/"));
}

static void test_params(void **state)
{
    const char *params[JC_HTTP_MAX_PARAMS];
    char *scratch;
    int np;

    assert_true(match("/api/v1/orgs/:code/children", "/api/v1/orgs/D01/children", params,
                      &np, &scratch));
    assert_int_equal(np, 1);
    assert_string_equal(params[0], "D01");
    free(scratch);

    assert_true(match("/a/:x/b/:y/:z", "/a/1/b/22/333", params, &np, &scratch));
    assert_int_equal(np, 3);
    assert_string_equal(params[0], "1");
    assert_string_equal(params[1], "22");
    assert_string_equal(params[2], "333");
    free(scratch);

    /* a parameter never matches an empty segment */
    assert_false(matches("/api/v1/orgs/:code", "/api/v1/orgs/"));
    assert_false(matches("/api/v1/orgs/:code/children", "/api/v1/orgs//children"));
}

static void test_trailing_slash(void **state)
{
    assert_true(matches("/x", "/x/"));
    assert_true(matches("/api/v1/orgs", "/api/v1/orgs/"));
    assert_true(matches("/api/v1/orgs/", "/api/v1/orgs"));
    assert_false(matches("/x", "/x//"));
    assert_false(matches("/", "//"));
}

static void test_extra_segments(void **state)
{
    assert_false(matches("/api/v1/orgs/:code", "/api/v1/orgs/D01/children"));
    assert_false(matches("/api/v1/orgs/:code", "/api/v1/orgs/D01/x/"));
    assert_false(matches("/api/v1/orgs/:code/children", "/api/v1/orgs/D01"));
    assert_false(matches("/a/b", "/a//b"));
}

static void test_percent_decoding(void **state)
{
    const char *params[JC_HTTP_MAX_PARAMS];
    char *scratch;
    int np;

    /* each segment is decoded on its own: %2F stays inside the parameter */
    assert_true(match("/api/v1/orgs/:code", "/api/v1/orgs/a%2Fb", params, &np, &scratch));
    assert_string_equal(params[0], "a/b");
    free(scratch);

    assert_true(match("/api/v1/members/:name", "/api/v1/members/%E5%BC%A0%20%E4%B8%89",
                      params, &np, &scratch));
    assert_string_equal(params[0], "张 三");
    free(scratch);

    /* literals compare after decoding; '+' is not a space in a path */
    assert_true(matches("/api/v1/orgs", "/api/v1/%6Frgs"));
    assert_true(match("/q/:v", "/q/a+b", params, &np, &scratch));
    assert_string_equal(params[0], "a+b");
    free(scratch);

    /* malformed escapes, NUL, and invalid UTF-8 never match */
    assert_false(matches("/q/:v", "/q/%zz"));
    assert_false(matches("/q/:v", "/q/%4"));
    assert_false(matches("/q/:v", "/q/%"));
    assert_false(matches("/q/:v", "/q/a%00b"));
    assert_false(matches("/q/:v", "/q/%FF"));
    assert_false(matches("/q/:v", "/q/%C0%AF"));
}

static void test_bad_input(void **state)
{
    assert_false(matches("/x", "x"));
    assert_false(matches("/x", ""));
    assert_false(matches("x", "/x"));
    assert_false(matches("/a/:", "/a/b"));               /* parameter without a name */
    assert_false(matches("/:a/:b/:c/:d/:e", "/1/2/3/4/5")); /* more than JC_HTTP_MAX_PARAMS */
    assert_true(matches("/:a/:b/:c/:d", "/1/2/3/4"));
}

static void test_split_many_segments(void **state)
{
    char path[2 * JC_HTTP_MAX_SEGS + 8], scratch[sizeof path];
    const char *segs[JC_HTTP_MAX_SEGS];
    int i, n;

    for (i = 0; i < JC_HTTP_MAX_SEGS; i++) memcpy(path + 2 * i, "/a", 2);
    path[2 * JC_HTTP_MAX_SEGS] = '\0';
    assert_int_equal(jc_http_split_path(path, scratch, segs, JC_HTTP_MAX_SEGS, &n), JC_OK);
    assert_int_equal(n, JC_HTTP_MAX_SEGS);
    strcat(path, "/b");
    assert_int_equal(jc_http_split_path(path, scratch, segs, JC_HTTP_MAX_SEGS, &n), JC_FAIL);
}

static int h_dummy(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    return JC_OK;
}

static const jc_route table[] = {
    {"GET", "/api/v1/orgs", h_dummy, NULL, 0, 0, NULL},
    {"POST", "/api/v1/orgs", h_dummy, NULL, 0, 0, NULL},
    {"GET", "/api/v1/orgs/:code", h_dummy, NULL, 0, 0, NULL},
    {"DELETE", "/api/v1/orgs/:code", h_dummy, NULL, 0, 0, NULL},
    {"PUT", "/api/v1/orgs/tree", h_dummy, NULL, 0, 0, NULL},
    {"POST", "/api/v1/members/import", h_dummy, NULL, 4096, 0, NULL},
    {NULL, NULL, NULL, NULL, 0, 0, NULL},
};

static void find(const jc_http_router *r, const char *method, const char *path,
                 jc_http_lookup *lk)
{
    static char scratch[256];
    assert_true(strlen(path) < sizeof scratch);
    jc_http_router_find(r, method, path, scratch, lk);
}

static void test_router_lookup(void **state)
{
    jc_http_router r;
    jc_http_lookup lk;
    jc_err err;

    assert_int_equal(jc_http_router_build(table, &r, &err), JC_OK);
    assert_int_equal(r.n, 6);

    find(&r, "GET", "/api/v1/orgs", &lk);
    assert_int_equal(lk.kind, JC_LOOKUP_FOUND);
    assert_ptr_equal(lk.route->route, &table[0]);
    assert_int_equal(lk.route->max_body, JC_HTTP_MAX_BODY_DEFAULT);

    find(&r, "POST", "/api/v1/orgs/", &lk);
    assert_int_equal(lk.kind, JC_LOOKUP_FOUND);
    assert_ptr_equal(lk.route->route, &table[1]);

    find(&r, "HEAD", "/api/v1/orgs/D01", &lk);      /* HEAD runs the GET route */
    assert_int_equal(lk.kind, JC_LOOKUP_FOUND);
    assert_ptr_equal(lk.route->route, &table[2]);
    assert_int_equal(lk.nparams, 1);
    assert_string_equal(lk.params[0], "D01");

    /* a literal route later in the table still wins for its method */
    find(&r, "PUT", "/api/v1/orgs/tree", &lk);
    assert_int_equal(lk.kind, JC_LOOKUP_FOUND);
    assert_ptr_equal(lk.route->route, &table[4]);

    find(&r, "PATCH", "/api/v1/orgs/tree", &lk);
    assert_int_equal(lk.kind, JC_LOOKUP_METHOD);
    assert_string_equal(lk.allow, "GET, HEAD, DELETE, PUT");

    find(&r, "DELETE", "/api/v1/orgs", &lk);
    assert_int_equal(lk.kind, JC_LOOKUP_METHOD);
    assert_string_equal(lk.allow, "GET, HEAD, POST");

    find(&r, "GET", "/api/v1/nope", &lk);
    assert_int_equal(lk.kind, JC_LOOKUP_NONE);
    find(&r, "GET", "/api/v1/orgs/D01/x", &lk);
    assert_int_equal(lk.kind, JC_LOOKUP_NONE);

    find(&r, "POST", "/api/v1/members/import", &lk);
    assert_int_equal(lk.kind, JC_LOOKUP_FOUND);
    assert_true(lk.route->is_import);
    assert_int_equal(lk.route->max_body, 4096);
    find(&r, "POST", "/api/v1/orgs", &lk);
    assert_false(lk.route->is_import);

    jc_http_router_free(&r);
}

static void test_router_bad_table(void **state)
{
    static const jc_route bad1[] = {{"GET", "api/v1/x", h_dummy, NULL, 0, 0, NULL},
                                    {NULL, NULL, NULL, NULL, 0, 0, NULL}};
    static const jc_route bad2[] = {{"GET", "/api/v1/x", NULL, NULL, 0, 0, NULL},
                                    {NULL, NULL, NULL, NULL, 0, 0, NULL}};
    static const jc_route bad3[] = {{"GET", "/a/:1/:2/:3/:4/:5", h_dummy, NULL, 0, 0, NULL},
                                    {NULL, NULL, NULL, NULL, 0, 0, NULL}};
    static const jc_route empty[] = {{NULL, NULL, NULL, NULL, 0, 0, NULL}};
    jc_http_router r;
    jc_err err;

    jc_err_clear(&err);
    assert_int_equal(jc_http_router_build(bad1, &r, &err), JC_FAIL);
    assert_string_equal(err.code, "ROUTE_TABLE");
    assert_int_equal(jc_http_router_build(bad2, &r, &err), JC_FAIL);
    assert_int_equal(jc_http_router_build(bad3, &r, &err), JC_FAIL);
    assert_int_equal(jc_http_router_build(empty, &r, &err), JC_OK);
    assert_int_equal(r.n, 0);
    jc_http_router_free(&r);
    assert_int_equal(jc_http_router_build(NULL, &r, &err), JC_OK);
    jc_http_router_free(&r);
}

static void test_api_path(void **state)
{
    assert_true(jc_http_is_api_path("/api"));
    assert_true(jc_http_is_api_path("/api/"));
    assert_true(jc_http_is_api_path("/api/v1/x"));
    assert_false(jc_http_is_api_path("/apix"));
    assert_false(jc_http_is_api_path("/"));
    assert_false(jc_http_is_api_path("/assets/api"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literal),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_trailing_slash),
        cmocka_unit_test(test_extra_segments),
        cmocka_unit_test(test_percent_decoding),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_split_many_segments),
        cmocka_unit_test(test_router_lookup),
        cmocka_unit_test(test_router_bad_table),
        cmocka_unit_test(test_api_path),
    };
    return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
