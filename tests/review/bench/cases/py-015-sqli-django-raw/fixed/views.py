from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET


@require_GET
def product_list(request):
    category = request.GET.get("category", "all")
    order = request.GET.get("order", "name")
    if order not in ("name", "price", "id"):
        order = "name"
    sql = "SELECT id, name, price FROM shop_product WHERE category = %s ORDER BY " + order
    with connection.cursor() as cur:
        cur.execute(sql, [category])
        rows = cur.fetchall()
    products = [
        {"id": r[0], "name": r[1], "price": float(r[2])}
        for r in rows
    ]
    return JsonResponse({"products": products})


@require_GET
def product_count(request):
    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM shop_product")
        (count,) = cur.fetchone()
    return JsonResponse({"count": count})
